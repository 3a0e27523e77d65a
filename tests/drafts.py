"""The order the tests submit most: a herding village asks for a talk on sheep disease."""

SHEEP_TALK = {
    "jurisdiction": "dalad",
    "station_id": "dalad-shulinzhao",
    "request_text": "嘎查想请人讲讲羊病防治",
    "audience": "本嘎查牧民",
    "expected_attendance": 40,
    "preferred_label": "下周",
    "contact_phone": "13812345678",
    "routed_task": "farmers.3",
    "routed_confident": True,
}
