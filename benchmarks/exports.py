"""Export timings: the portfolio's scores CSV for many clients, a round's responses CSV, result JSON and PDF report.

Usage: python -m benchmarks.exports [--clients N] [--runs N]. Uses a throw-away SQLite database filled with bulk
inserts (N clients, 3 rounds each, 8 submitted respondents per round, every question answered in the first round);
the round report is timed without the chart (table) and, with Chromium installed, with it.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask.testing import FlaskClient

from roadmap import create_app
from roadmap.db import db, session
from roadmap.domain.questionnaire import Questionnaire
from roadmap.domain.scoring import dimension_scores
from roadmap.models import Answer, Assessment, Client, Invitation, Round, RoundReportCache
from roadmap.services import accounts

PASSWORD = "benchmark password"
OPTIONS = ("presence", "dialogue", "engagement", "social_business")


def score_from_answers(questionnaire: Questionnaire, assessment_ids: list[int]) -> None:
    """The first round's scores as the answers give them, as a submission would store them."""
    for assessment_id in assessment_ids:
        assessment = session().get(Assessment, assessment_id)
        assert assessment is not None
        assessment.submitted_scores = None
        session().flush()
        session().refresh(assessment)
        assessment.submitted_scores = dimension_scores(questionnaire, assessment.answer_map)


def fill(clients: int) -> tuple[int, int]:
    """Bulk-insert the portfolio; returns the first round's id and the number of clients."""
    catalogue = current_app.extensions["questionnaires"]
    questionnaire = catalogue.default
    version = catalogue.stored_current(session(), questionnaire.id)
    user = accounts.create_user(session(), "bench@example.org", PASSWORD, "consultant", name="Bench", firm="Firm")
    now = datetime.now(UTC)
    firm_id = user.membership.firm_id if user.membership else None
    client_rows = [
        {"consultant_id": user.id, "firm_id": firm_id, "name": f"Client {n:04d}", "targets": {}} for n in range(clients)
    ]
    session().execute(sa.insert(Client), client_rows)
    client_ids = list(session().scalars(sa.select(Client.id).order_by(Client.id)))
    round_rows = [
        {"client_id": c, "name": f"Round {r}", "held_on": date(2024 + r, 3, 1), "questionnaire_version_id": version.id}
        for c in client_ids
        for r in range(3)
    ]
    session().execute(sa.insert(Round), round_rows)
    round_ids = list(session().scalars(sa.select(Round.id).order_by(Round.id)))
    first_round = round_ids[0]
    departments = ("board", "marketing", "service", "press", "sales", "hr", "it", "online")
    answers_of = [{q.key: OPTIONS[(i + j) % 4] for j, q in enumerate(questionnaire.questions)} for i in range(8)]
    scores_of = [
        {d.key: s for d, s in zip(questionnaire.dimensions, [((i % 4) + 1.0)] * 9, strict=False)} for i in range(8)
    ]
    assessment_rows = [
        {
            "token_hash": f"{round_id:08d}{i:02d}".ljust(64, "0"),
            "questionnaire_version_id": version.id,
            "organisation_name": "x",
            "department": departments[i],
            "language": "en",
            "submitted_at": now,
            "revision": 1,
            "submitted_scores": scores_of[i],
        }
        for round_id in round_ids
        for i in range(8)
    ]
    session().execute(sa.insert(Assessment), assessment_rows)
    assessment_ids = list(session().scalars(sa.select(Assessment.id).order_by(Assessment.id)))
    invitation_rows = [
        {"round_id": round_ids[n // 8], "assessment_id": a, "department": departments[n % 8], "link_nonce": "n"}
        for n, a in enumerate(assessment_ids)
    ]
    session().execute(sa.insert(Invitation), invitation_rows)
    answer_rows = [
        {"assessment_id": assessment_ids[i], "question_key": key, "option_key": option}
        for i in range(8)
        for key, option in answers_of[i].items()
    ]
    session().execute(sa.insert(Answer), answer_rows)
    score_from_answers(questionnaire, assessment_ids[:8])
    session().commit()
    return first_round, len(client_ids)


def timed(client: FlaskClient, url: str, runs: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.data)
    return statistics.median(times), size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        for charts in (False, True):
            database = Path(folder) / f"bench-{charts}.sqlite"
            app = create_app(
                {
                    "SECRET_KEY": "benchmark",
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
                    "RATELIMIT_ENABLED": False,
                    "WTF_CSRF_ENABLED": False,  # the benchmark logs in with a plain POST
                    "REPORT_CHARTS": charts,
                }
            )
            with app.app_context():
                db.create_all()
                first_round, clients = fill(args.clients if not charts else 1)
            client = app.test_client()
            client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
            if not charts:
                print(f"{clients} clients, 3 rounds each, 8 respondents per round; median of {args.runs} runs")
                for url in (
                    "/portfolio/scores.csv",
                    f"/rounds/{first_round}/responses.csv",
                    f"/rounds/{first_round}/result.json",
                ):
                    seconds, size = timed(client, url, args.runs)
                    print(f"  GET {url:34} {seconds * 1000:8.1f} ms  {size / 1024:8.1f} kB")
            label = "chart" if charts and app.extensions.get("chart_export") else "table"
            url = f"/rounds/{first_round}/report.pdf"
            client.get(url)  # warm-up: fonts, templates and (with charts) the browser are loaded once per process
            made = []
            for _ in range(args.runs):
                with app.app_context():  # an empty cache: the report is made again
                    db.session.execute(sa.delete(RoundReportCache))
                    db.session.commit()
                made.append(timed(client, url, 1)[0])
            print(f"  round report.pdf ({label}), made    {statistics.median(made) * 1000:8.1f} ms")
            seconds, _ = timed(client, url, args.runs)
            print(f"  round report.pdf ({label}), cached  {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
