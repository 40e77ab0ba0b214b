"""Schemathesis follows the document's links: sequences of calls, each feeding the ids of
its response to the next (file a wish, then read, support, comment, triage, merge it;
create a roadmap item, then edit it, link and unlink wishes).

As a vendor (staff: every write is allowed), with the same checks as the stateless test
on every call. Only the links written in the document are followed (no inferred ones),
so the test says something about them. Hooks draw real slugs and ids where no link gives
one, so chains get past validation. Every scenario starts from the seeded database
(restored from a copy), so a replayed scenario makes the same calls. Bounded and
derandomised: ``FUZZ_SCENARIOS`` scenarios of at most ``FUZZ_STEPS`` calls.
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from collections.abc import Callable

import pytest
import schemathesis
from hypothesis import Phase, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import Category, Product, RoadmapItem, Role, Territory, Wish

SCENARIOS = int(os.environ.get("FUZZ_SCENARIOS", "40"))
STEPS = int(os.environ.get("FUZZ_STEPS", "10"))
REFERENCES = ("product", "category", "territory")


@pytest.fixture(scope="module")
def workflow(fuzz_app, bearer, checks):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app)
    schema.config.phases.stateful.inference.algorithms = []  # the document's links only
    headers = bearer(Role.VENDOR)
    known = _known_values(fuzz_app)
    restore_seeded_database = _snapshot(fuzz_app)

    @schema.hook
    def flatmap_body(context, body):
        """Bodies naming a product, category, territory or wish to merge into mostly name
        a real one (random slugs are refused: the stateless test covers that), and every
        wish is filed with real ones, so that chains start from a new wish."""
        if context.operation.label == "POST /wishes":
            return _replaced(body, known, REFERENCES, keep=False)
        return _replaced(body, known, (*REFERENCES, "into"))

    @schema.hook
    def flatmap_path_parameters(context, parameters):
        """The ids no link gives (a first call on a wish, the roadmap item a new wish is
        linked to, the wish linked to a new item) are often real ones."""
        on_item = context.operation.path.startswith("/roadmap")
        ids = {"id": known["item" if on_item else "wish"], "wish_id": known["wish"]}
        return _replaced(parameters, ids, ("id", "wish_id"))

    class Workflow(schema.as_state_machine()):
        followed: Counter = Counter()  # "POST /wishes -> [201] getWish -> GET /wishes/{id}"
        answered: Counter = Counter()  # ("POST /wishes", 201)

        def setup(self):
            # Each scenario starts from the same data: replayed, it makes the same calls.
            restore_seeded_database()

        def step(self, input):
            if input.transition is not None and input.is_applied:
                Workflow.followed[input.transition.id] += 1
            return super().step(input)

        def after_call(self, response, case):
            super().after_call(response, case)
            Workflow.answered[(case.operation.label, response.status_code)] += 1

        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response, checks=checks, transport_kwargs=kwargs, recorder=self.recorder
            )

    return Workflow


def _known_values(app) -> dict[str, list]:
    """Slugs of the active vocabulary, ids of the demo wishes and roadmap items."""
    with app.app_context():
        values = {
            name: list(db.session.scalars(db.select(model.slug).where(model.active.is_(True))))
            for name, model in zip(REFERENCES, (Product, Category, Territory), strict=True)
        }
        values["wish"] = values["into"] = list(db.session.scalars(db.select(Wish.id)))
        values["item"] = list(db.session.scalars(db.select(RoadmapItem.id)))
    return values


def _snapshot(app) -> Callable[[], None]:
    """Copy the seeded in-memory SQLite database; return what puts the copy back."""
    with app.app_context(), db.engine.connect() as connection:
        live = connection.connection.driver_connection  # the only one (StaticPool)
    seeded = sqlite3.connect(":memory:")
    live.backup(seeded)
    return lambda: seeded.backup(live)


def _replaced(
    generated, known: dict[str, list], names: tuple[str, ...], *, keep: bool = True
) -> st.SearchStrategy:
    """``generated`` (a mapping) with its fields ``names`` set to known values: with
    ``keep``, only the fields it has, and sometimes left as generated."""
    if not isinstance(generated, dict):
        return st.just(generated)
    fields = {}
    for name in names:
        if keep and name in generated:
            fields[name] = st.one_of(st.sampled_from(known[name]), st.just(generated[name]))
        elif not keep:
            fields[name] = st.sampled_from(known[name])
    return st.fixed_dictionaries(fields).map(lambda drawn: {**generated, **drawn})


def test_linked_calls_conform_to_the_document(workflow, fuzz_settings):
    # No shrinking: a failure shows its (short) scenario as it ran.
    phases = [Phase.generate]
    workflow.run(
        settings=settings(
            fuzz_settings, max_examples=SCENARIOS, stateful_step_count=STEPS, phases=phases
        )
    )
    # Not vacuous: the scenarios went through the links (from new wishes and items, and
    # further down the chains), and many operations succeeded, linked writes included.
    # (Which ones exactly varies with the hash seed: the bounds leave room.)
    followed = workflow.followed
    assert sum(followed.values()) >= SCENARIOS, followed
    sources = {link.split(" -> ")[0] for link in followed}
    assert {"POST /wishes", "POST /roadmap"} <= sources, followed
    assert len(sources) >= 6, followed
    succeeded = {label for (label, status), _calls in workflow.answered.items() if status < 300}
    assert {"POST /wishes", "POST /roadmap"} <= succeeded, succeeded
    # Which writes down the chains succeed depends on the order the scenarios draw
    # (one seed may never link a wish to an item): several kinds, whichever they are.
    chained_writes = {label for label in succeeded if not label.startswith("GET ")} - {
        "POST /wishes",
        "POST /roadmap",
    }
    assert len(chained_writes) >= 3, succeeded
    assert len(succeeded) >= 10, workflow.answered
