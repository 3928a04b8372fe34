"""A client's plan carries across rounds: each round result shows the actions agreed since the previous round with a
result, and per topic how many are done beside the topic's score change ("1 of 2 actions done; Webcare +0.8")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from flask.testing import FlaskClient

from roadmap.models import User
from tests.web.conftest import parse_html
from tests.workspace.pages import every


def test_carry_over_and_score_change_between_two_rounds(
    logged_in: FlaskClient,
    consultant: User,
    make_client: Callable[..., int],
    add_round: Callable[..., int],
    add_action: Callable[..., int],
    keys: list[str],
) -> None:
    client_id = make_client(consultant, "Acme")
    first = add_round(client_id, "Baseline", date(2026, 1, 10), [("board", every(keys, 2.0))])
    second = add_round(client_id, "Second", date(2026, 6, 1), [("board", {**every(keys, 2.0), "webcare": 2.8})])
    agreed = datetime(2026, 2, 1, 12, tzinfo=UTC)
    add_action("Before the baseline", client_id=client_id, topic="tools", created_at=datetime(2026, 1, 5, tzinfo=UTC))
    add_action("Train the webcare team", client_id=client_id, topic="webcare", status="done", created_at=agreed)
    add_action("Webcare rota", client_id=client_id, topic="webcare", created_at=agreed, due_on=date(2026, 3, 1))
    add_action("Given up", client_id=client_id, topic="webcare", status="dropped", created_at=agreed)
    add_action("After the second round", client_id=client_id, created_at=datetime(2026, 6, 2, tzinfo=UTC))

    page = logged_in.get(f"/rounds/{second}/result").get_data(as_text=True)
    section = parse_html(page).find(id="agreed-title").parent
    text = " ".join(section.text.split())
    assert "Actions agreed since Baseline" in text
    assert "Customer dialogue and webcare: 1 of 2 actions done; score +0.8" in text
    assert "Train the webcare team" in text and "Webcare rota" in text and "overdue" in text
    assert "Before the baseline" not in text and "After the second round" not in text

    baseline = " ".join(
        parse_html(logged_in.get(f"/rounds/{first}/result")).find(id="agreed-title").parent.text.split()
    )
    assert "Actions agreed before this round" in baseline and "Before the baseline" in baseline
    assert "Train the webcare team" not in baseline

    # The client page: the whole plan, carried over, with the change between the last two rounds.
    client_page = " ".join(
        parse_html(logged_in.get(f"/clients/{client_id}")).find(id="action-plan-title").parent.text.split()
    )
    assert "Customer dialogue and webcare: 1 of 2 actions done; score +0.8" in client_page
    assert "Tools and integration: 0 of 1 action done; score ±0.0" in client_page
    assert "After the second round" in client_page and "Before the baseline" in client_page
