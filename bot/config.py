"""Settings from the environment or `.env`, loaded once in main."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from catalog.loader import JURISDICTIONS


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org"
    database_path: Path = Path("var/kepu.db")
    # Without a token the sandbox runs on this demo database, made afresh at every start.
    sandbox_database_path: Path = Path("var/sandbox.db")
    jurisdictions: str = ",".join(JURISDICTIONS)
    # Service points credited per volunteer-hour (科技志愿服务积分).
    points_per_hour: float = Field(default=10.0, ge=0)
    # Days after an order ends before the resident's phone and place are masked.
    erase_after_days: int = Field(default=30, ge=0)
    invite_ttl_days: int = Field(default=14, ge=1)
    # Webhook mode when set: the public https URL Telegram posts updates to.
    webhook_url: str = ""
    # Telegram echoes it in X-Telegram-Bot-Api-Secret-Token; a random one is made when empty.
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    # The web console (and, without a token, the sandbox) listens here; 0 turns it off.
    web_port: int = Field(default=8080, ge=0, le=65535)
    web_listen: str = "127.0.0.1"
    # The address people open the console at, for the links /web gives (behind a proxy:
    # its https address); empty: http://127.0.0.1:WEB_PORT.
    web_base_url: str = ""

    @field_validator("webhook_secret")
    @classmethod
    def _secret_format(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram allows 1-256 characters of A-Z, a-z, 0-9, _ and -.
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()
        ):
            raise ValueError("WEBHOOK_SECRET 只能包含字母、数字、_ 和 -，长度 1–256")
        return value

    @field_validator("jurisdictions")
    @classmethod
    def _known(cls, value: str) -> str:
        ids = [v.strip() for v in value.split(",") if v.strip()]
        unknown = [v for v in ids if v not in JURISDICTIONS]
        if unknown or not ids:
            raise ValueError(
                f"JURISDICTIONS 含未知的旗市 {unknown}；可选：{', '.join(JURISDICTIONS)}"
            )
        return ",".join(ids)

    @property
    def web_url(self) -> str:
        return (self.web_base_url or f"http://127.0.0.1:{self.web_port}").rstrip("/")

    @property
    def jurisdiction_ids(self) -> tuple[str, ...]:
        return tuple(self.jurisdictions.split(","))
