"""The web intake asks revision 2's questions: the new ids, and a clinician's clearance.

The clearance boxes list only what the contract lets a clinician clear; a box
ticked for an answer not given above comes back as the validation's own message,
next to the clearance question, with every answer kept.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from support.intakes import make_intake
from support.web import make_form

NEW_IDS = [
    "red_flags-sexual_dysfunction_new",
    "red_flags-worse_cough_sneeze_strain",
    "red_flags-thoracic_pain_unwell",
    "conditions-sciatica_one_leg",
    "conditions-reduced_sensation",
]
CLEARABLE = [
    "unexplained_weight_loss",
    "cancer_history",
    "night_pain_at_rest",
    "minor_trauma_with_osteoporosis",
    "steroid_long_term",
    "immunosuppressed",
    "iv_drug_use",
    "new_pain_under_20_or_over_50",
    "back_lump_or_deformity",
    "worse_cough_sneeze_strain",
    "thoracic_pain_unwell",
    "dvt",
    "fracture",
    "recent_back_surgery",
    "cancer_treatment",
]


def _cleared_boxes(page: str) -> set[str]:
    return set(re.findall(r'id="cleared-([a-z0-9_]+)"', page))


def test_the_form_asks_the_new_questions_and_offers_only_clearable_ids(client: Any) -> None:
    page = client.get("/intake").text
    for field_id in NEW_IDS:
        assert f'id="{field_id}"' in page, field_id
    assert _cleared_boxes(page) == set(CLEARABLE)
    assert "told you massage is fine" in html.unescape(page)


@pytest.mark.parametrize(
    ("field", "code"),
    [("red_flags", "cancer_history"), ("conditions", "recent_back_surgery")],
)
def test_a_cleared_answer_gives_a_gentle_plan(client: Any, field: str, code: str) -> None:
    form = make_form(**{field: [code], "cleared": [code]})
    data = client.post("/plan.json", data=form).json()
    assert data["banner"]["kind"] == "modify"
    assert f"{code}_cleared" in str(data)
    path = urlsplit(data["change_url"])
    page = client.get(f"{path.path}?{path.query}").text
    assert re.search(rf'id="cleared-{code}"[^>]*checked', page), "the answer comes back"


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        pytest.param({"cleared": ["dvt"]}, "is not listed in conditions", id="not-ticked-above"),
        pytest.param(
            {"red_flags": ["fever"], "cleared": ["fever"]}, "cannot be cleared", id="fever"
        ),
    ],
)
def test_a_bad_clearance_is_named_next_to_its_question(
    client: Any, fields: dict[str, list[str]], words: str
) -> None:
    response = client.post("/plan", data=make_form(**fields))
    assert response.status_code == 422
    page = html.unescape(response.text)
    assert 'id="error-cleared"' in page
    assert words in page
    assert "Cleared by a clinician:" in page  # the error summary names the question


def test_the_api_refuses_a_bad_clearance_with_the_same_message(client: Any) -> None:
    response = client.post("/api/v1/plans", json=make_intake(cleared=["cancer_history"]))
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "field": "cleared[0]",
                "message": '"cancer_history" is not listed in red_flags; list it there too, '
                "or leave it out of cleared",
            }
        ]
    }


@pytest.mark.parametrize(
    ("flags", "heading"),
    [
        (["unexplained_weight_loss", "night_pain_at_rest"], "see a clinician today"),
        (["unexplained_weight_loss"], "see a clinician first"),
    ],
)
def test_the_stop_page_says_how_soon(client: Any, flags: list[str], heading: str) -> None:
    data = client.post("/plan.json", data=make_form(red_flags=flags)).json()
    assert data["banner"]["heading"].endswith(heading)
