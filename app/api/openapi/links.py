"""Which response feeds which operation: a client (or Schemathesis, statefully) chains
a filed wish to its support, comments, triage and merge, a roadmap item to its edits
and linked wishes."""

from __future__ import annotations

from typing import Any

# What a client does next with a wish, with a roadmap item.
WISH_FOLLOW_UPS = ("updateWish", "voteWish", "unvoteWish", "createComment", "mergeWish")
ITEM_FOLLOW_UPS = ("updateRoadmapItem", "linkWish", "unlinkWish")


def links_to(targets: tuple[str, ...], **parameters: str) -> dict[str, dict[str, Any]]:
    """Links named after their target operations, each fed the same ids."""
    links = {target: {"operationId": target, "parameters": parameters} for target in targets}
    if "updateRoadmapItem" in links:
        # Send back the version just read: the edit is not refused as stale.
        links["updateRoadmapItem"]["requestBody"] = {"version": "$response.body#/version"}
    return links


def links() -> dict[tuple[str, str], dict[str, dict[str, Any]]]:
    """Which response feeds which operation, by (operationId, status): a client (or
    Schemathesis, statefully) chains a filed wish to its support, comments, triage and
    merge, a roadmap item to its edits and linked wishes."""
    this = "$response.body#/id"
    pair = {"id": "$request.path.id", "wish_id": "$request.path.wish_id"}
    return {
        ("listWishes", "200"): links_to(("getWish",), id="$response.body#/items/0/id"),
        ("createWish", "201"): {
            **links_to(("getWish", "listComments", *WISH_FOLLOW_UPS), id=this),
            **links_to(("linkWish",), wish_id=this),
        },
        ("getWish", "200"): links_to(WISH_FOLLOW_UPS, id=this),
        ("updateWish", "200"): links_to(("getWish", *WISH_FOLLOW_UPS), id=this),
        ("mergeWish", "200"): {
            **links_to(("voteWish", "createComment"), id=this),
            **links_to(("getWish",), id="$response.body#/merged_into"),
        },
        ("voteWish", "200"): links_to(
            ("getWish", "unvoteWish", "updateWish"), id="$response.body#/wish_id"
        ),
        ("unvoteWish", "200"): links_to(("getWish", "voteWish"), id="$response.body#/wish_id"),
        ("createComment", "201"): links_to(
            ("listComments", "getWish"), id="$response.body#/wish_id"
        ),
        ("listRoadmap", "200"): links_to(("getRoadmapItem",), id="$response.body#/items/0/id"),
        ("createRoadmapItem", "201"): links_to(("getRoadmapItem", *ITEM_FOLLOW_UPS), id=this),
        ("getRoadmapItem", "200"): links_to(ITEM_FOLLOW_UPS, id=this),
        ("updateRoadmapItem", "200"): links_to(("getRoadmapItem", *ITEM_FOLLOW_UPS), id=this),
        ("linkWish", "200"): {
            **links_to(("updateRoadmapItem",), id=this),
            **links_to(("unlinkWish",), **pair),
            **links_to(("getWish",), id="$request.path.wish_id"),
        },
        ("unlinkWish", "200"): {
            **links_to(("getRoadmapItem",), id=this),
            **links_to(("linkWish",), **pair),
        },
    }


def linked(paths: dict[str, Any]) -> dict[str, Any]:
    """Attach the links whose source and target operations are both served."""
    operations = {
        op["operationId"]: op
        for methods in paths.values()
        for op in methods.values()
        if isinstance(op, dict) and "operationId" in op
    }
    for (source, status), targets in links().items():
        if source not in operations:
            continue
        served = {name: link for name, link in targets.items() if link["operationId"] in operations}
        if served:
            operations[source]["responses"][status]["links"] = served
    return paths
