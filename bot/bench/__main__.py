from bot.bench.workflow import main

raise SystemExit(main())
