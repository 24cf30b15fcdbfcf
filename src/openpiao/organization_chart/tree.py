"""Arrange a flat list of units as a tree (area → settore → servizio)."""

from dataclasses import dataclass, field


@dataclass
class Node:
    unit: object
    depth: int
    children: list["Node"] = field(default_factory=list)


def unit_tree(units: list) -> list[Node]:
    """Depth-first rows [(unit, depth)…] as nodes, children ordered like the input."""
    by_parent: dict = {}
    for unit in units:
        by_parent.setdefault(unit.parent_id, []).append(unit)

    def build(parent_id, depth: int) -> list[Node]:
        return [Node(u, depth, build(u.pk, depth + 1)) for u in by_parent.get(parent_id, [])]

    return build(None, 0)


def flatten(nodes: list[Node]) -> list[Node]:
    rows = []
    for node in nodes:
        rows.append(node)
        rows.extend(flatten(node.children))
    return rows


def link_parents(units: list) -> list:
    """Point each unit's `parent` at the loaded unit, so climbing the tree (head_display) never
    queries; `units` must hold every unit of the plan."""
    by_pk = {unit.pk: unit for unit in units}
    for unit in units:
        if unit.parent_id in by_pk:
            unit.parent = by_pk[unit.parent_id]
    return units
