"""Courts, court levels and the court tree."""

from __future__ import annotations

import attrs
import numpy as np
import pytest

from courtinfo.base._errors import OrgError, UnknownNameError
from courtinfo.org import Court, CourtLevel, CourtTree, CourtTreeError

L = CourtLevel

# Inserted out of depth-first order on purpose, so that descendants() must really walk the tree.
COURTS = [
    Court("spc", "最高人民法院", L.SUPREME),
    Court("sd", "山东省高级人民法院", L.HIGH, "spc"),
    Court("jn", "济南市中级人民法院", L.INTERMEDIATE, "sd"),
    Court("qd", "青岛市中级人民法院", L.INTERMEDIATE, "sd"),
    Court("jn-cq", "济南市长清区人民法院", L.BASIC, "jn"),
    Court("jn-lx", "济南市历下区人民法院", L.BASIC, "jn"),
    Court("jn-sz", "济南市市中区人民法院", L.BASIC, "jn"),
    Court("qd-sn", "青岛市市南区人民法院", L.BASIC, "qd"),
    Court("cq-ms", "马山人民法庭", L.TRIBUNAL, "jn-cq"),
    Court("cq-xl", "孝里人民法庭", L.TRIBUNAL, "jn-cq"),
]


@pytest.fixture
def tree() -> CourtTree:
    return CourtTree(COURTS)


def codes(courts: tuple[Court, ...]) -> list[str]:
    return [c.code for c in courts]


# -- levels -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "label", "rank", "parent_level"),
    [
        (L.SUPREME, "最高人民法院", 0, None),
        (L.HIGH, "高级人民法院", 1, L.SUPREME),
        (L.INTERMEDIATE, "中级人民法院", 2, L.HIGH),
        (L.BASIC, "基层人民法院", 3, L.INTERMEDIATE),
        (L.TRIBUNAL, "人民法庭", 4, L.BASIC),
    ],
)
def test_level_label_rank_and_parent_level(
    level: CourtLevel, label: str, rank: int, parent_level: CourtLevel | None
) -> None:
    assert level.label_zh == label
    assert level.rank == rank
    assert level.parent_level is parent_level


def test_level_is_a_string_and_rank_is_usable_in_numpy() -> None:
    assert CourtLevel("basic") is L.BASIC
    assert f"{L.BASIC}" == "basic"
    ranks = np.array([level.rank for level in CourtLevel])
    assert ranks.tolist() == [0, 1, 2, 3, 4]


# -- courts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        ({"code": "", "name": "最高人民法院"}, "Court.code must not be empty"),
        ({"code": "  ", "name": "最高人民法院"}, "Court.code must not be empty"),
        ({"code": "spc", "name": ""}, "Court.name must not be empty"),
        ({"code": "spc", "name": "最高人民法院", "parent": ""}, "Court.parent must be None"),
    ],
)
def test_court_refuses_empty_fields(kwargs: dict[str, str], text: str) -> None:
    with pytest.raises(OrgError, match=text):
        Court(level=L.SUPREME, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        (
            {"code": None, "name": "最高人民法院"},
            "Court.code must be a non-empty str; got None of type NoneType",
        ),
        (
            {"code": "spc", "name": ["最高"]},
            "Court.name must be a non-empty str; got ['最高'] of type list",
        ),
        (
            {"code": "spc", "name": "最高人民法院", "parent": 1},
            "Court.parent must be None or a non-empty code (str); got 1 of type int",
        ),
    ],
)
def test_court_refuses_fields_that_are_not_text(kwargs: dict[str, object], text: str) -> None:
    with pytest.raises(OrgError) as info:
        Court(level=L.SUPREME, **kwargs)  # type: ignore[arg-type]
    assert str(info.value) == text


def test_court_reads_a_level_from_its_value_and_refuses_others() -> None:
    assert Court("x", "某法院", "basic").level is CourtLevel.BASIC  # type: ignore[arg-type]
    with pytest.raises(OrgError, match="'county' is not one of supreme"):
        Court("x", "某法院", "county")  # type: ignore[arg-type]


# -- lookups ------------------------------------------------------------------------------


def test_size_membership_order_and_serialisation(tree: CourtTree) -> None:
    assert len(tree) == 10
    assert "jn-cq" in tree
    assert "jn-xx" not in tree
    assert [c.code for c in tree] == [c.code for c in COURTS]
    assert tree.codes == tuple(c.code for c in COURTS)
    assert tree.to_list() == COURTS
    assert CourtTree.from_courts(iter(COURTS)) == tree


def test_get_by_code(tree: CourtTree) -> None:
    assert tree.get("jn") == Court("jn", "济南市中级人民法院", L.INTERMEDIATE, "sd")
    with pytest.raises(UnknownNameError, match=r"unknown court 'jn-cx'; did you mean") as info:
        tree.get("jn-cx")
    assert "jn-cq" in info.value.suggestions
    with pytest.raises(OrgError) as err:
        tree.get(None)  # type: ignore[arg-type]
    assert (
        str(err.value)
        == "CourtTree.get: code must be a court code (str); got None of type NoneType"
    )
    with pytest.raises(OrgError) as err:
        tree.find(["济南"])  # type: ignore[arg-type]
    assert (
        str(err.value)
        == "CourtTree.find: name must be a court name (str); got ['济南'] of type list"
    )
    # index() names the first code it does not know, whatever its type.
    with pytest.raises(UnknownNameError) as unknown:
        tree.index(["jn", ["jn"]])  # type: ignore[list-item]
    assert str(unknown.value) == "unknown court ['jn'] of type list: court names are str"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("最高人民法院", "spc"),
        ("山东省高级人民法院", "sd"),
        ("济南市中级人民法院", "jn"),
        ("济南市长清区人民法院", "jn-cq"),
        (" 济南市长清区人民法院 ", "jn-cq"),
        ("马山人民法庭", "cq-ms"),
        # without 人民
        ("济南市长清区法院", "jn-cq"),
        ("山东省高级法院", "sd"),
        ("马山法庭", "cq-ms"),
        # without the city, when only one court fits
        ("长清区法院", "jn-cq"),
        ("长清区人民法院", "jn-cq"),
        ("市中区法院", "jn-sz"),
        ("市南区人民法院", "qd-sn"),
    ],
)
def test_find_by_name(tree: CourtTree, name: str, code: str) -> None:
    assert tree.find(name).code == code


@pytest.mark.parametrize(
    "name", ["区法院", "清区法院", "长清法院", "济南中院", "法院", "天津市高级人民法院"]
)
def test_find_refuses_unknown_or_partial_names(tree: CourtTree, name: str) -> None:
    with pytest.raises(UnknownNameError, match="unknown court name"):
        tree.find(name)


def test_find_refuses_an_ambiguous_name(tree: CourtTree) -> None:
    with pytest.raises(
        OrgError, match=r"court name '中级人民法院' is ambiguous: courts 'jn', 'qd'"
    ):
        tree.find("中级人民法院")


def test_find_suggests_close_names(tree: CourtTree) -> None:
    with pytest.raises(UnknownNameError) as info:
        tree.find("济南市长清县人民法院")
    assert info.value.suggestions[0] == "济南市长清区人民法院"


@pytest.mark.parametrize(
    ("code", "children"),
    [
        ("spc", ["sd"]),
        ("sd", ["jn", "qd"]),
        ("jn", ["jn-cq", "jn-lx", "jn-sz"]),
        ("jn-cq", ["cq-ms", "cq-xl"]),
        ("jn-lx", []),
        ("cq-ms", []),
    ],
)
def test_children(tree: CourtTree, code: str, children: list[str]) -> None:
    assert codes(tree.children(code)) == children


@pytest.mark.parametrize(
    ("code", "descendants"),
    [
        (
            "spc",
            ["sd", "jn", "jn-cq", "cq-ms", "cq-xl", "jn-lx", "jn-sz", "qd", "qd-sn"],
        ),
        ("sd", ["jn", "jn-cq", "cq-ms", "cq-xl", "jn-lx", "jn-sz", "qd", "qd-sn"]),
        ("jn", ["jn-cq", "cq-ms", "cq-xl", "jn-lx", "jn-sz"]),
        ("qd", ["qd-sn"]),
        ("cq-xl", []),
    ],
)
def test_descendants_depth_first(tree: CourtTree, code: str, descendants: list[str]) -> None:
    assert codes(tree.descendants(code)) == descendants


@pytest.mark.parametrize(
    ("code", "ancestors"),
    [
        ("cq-ms", ["jn-cq", "jn", "sd", "spc"]),
        ("qd-sn", ["qd", "sd", "spc"]),
        ("jn", ["sd", "spc"]),
        ("spc", []),
    ],
)
def test_ancestors_nearest_first(tree: CourtTree, code: str, ancestors: list[str]) -> None:
    assert codes(tree.ancestors(code)) == ancestors


@pytest.mark.parametrize(
    ("code", "peers"),
    [
        ("jn-cq", ["jn-cq", "jn-lx", "jn-sz"]),
        ("jn-sz", ["jn-cq", "jn-lx", "jn-sz"]),
        ("qd-sn", ["qd-sn"]),
        ("qd", ["jn", "qd"]),
        ("cq-xl", ["cq-ms", "cq-xl"]),
        ("spc", ["spc"]),
    ],
)
def test_peers_include_the_court_itself(tree: CourtTree, code: str, peers: list[str]) -> None:
    assert codes(tree.peers(code)) == peers


def test_roots_parent_and_level_of(tree: CourtTree) -> None:
    assert codes(tree.roots()) == ["spc"]
    assert tree.parent("jn-cq") == tree.get("jn")
    assert tree.parent("spc") is None
    assert tree.level_of("jn-lx") is L.BASIC
    assert tree.level_of("cq-ms") is L.TRIBUNAL
    with pytest.raises(UnknownNameError):
        tree.level_of("nowhere")


def test_at_level(tree: CourtTree) -> None:
    assert codes(tree.at_level(L.BASIC)) == ["jn-cq", "jn-lx", "jn-sz", "qd-sn"]
    assert codes(tree.at_level(L.BASIC, under="jn")) == ["jn-cq", "jn-lx", "jn-sz"]
    assert codes(tree.at_level(L.TRIBUNAL, under="qd")) == []


@pytest.mark.parametrize("method", ["children", "descendants", "ancestors", "peers"])
def test_navigation_refuses_unknown_codes(tree: CourtTree, method: str) -> None:
    with pytest.raises(UnknownNameError, match="unknown court 'jn-xx'"):
        getattr(tree, method)("jn-xx")


def test_a_city_tree_may_have_an_intermediate_root() -> None:
    city = CourtTree(
        [
            Court("jn", "济南市中级人民法院", L.INTERMEDIATE),
            Court("jn-cq", "济南市长清区人民法院", L.BASIC, "jn"),
            Court("jn-lx", "济南市历下区人民法院", L.BASIC, "jn"),
        ]
    )
    assert codes(city.roots()) == ["jn"]
    assert codes(city.peers("jn")) == ["jn"]
    assert codes(city.ancestors("jn-lx")) == ["jn"]


def test_several_roots_are_each_others_peers() -> None:
    forest = CourtTree(
        [
            Court("jn", "济南市中级人民法院", L.INTERMEDIATE),
            Court("qd", "青岛市中级人民法院", L.INTERMEDIATE),
        ]
    )
    assert codes(forest.peers("qd")) == ["jn", "qd"]


def test_an_empty_tree_is_allowed() -> None:
    empty = CourtTree([])
    assert len(empty) == 0
    assert empty.roots() == ()
    assert empty.parent_index.shape == (0,)


# -- arrays -------------------------------------------------------------------------------


def test_index_and_parent_arrays(tree: CourtTree) -> None:
    positions = tree.index(["jn-sz", "spc", "cq-ms"])
    assert positions.dtype == np.intp
    assert positions.tolist() == [6, 0, 8]
    assert tree.parent_index.tolist() == [-1, 0, 1, 1, 2, 2, 2, 3, 4, 4]
    assert tree.ranks.tolist() == [0, 1, 2, 2, 3, 3, 3, 3, 4, 4]
    assert tree.parent_codes(["cq-ms", "spc", "qd"]) == ["jn-cq", None, "sd"]
    with pytest.raises(UnknownNameError, match="unknown court 'zz'"):
        tree.index(["jn", "zz"])


def test_arrays_are_read_only_and_tree_is_frozen(tree: CourtTree) -> None:
    with pytest.raises(ValueError, match="read-only"):
        tree.parent_index[0] = 5
    with pytest.raises(ValueError, match="read-only"):
        tree.ranks[0] = 5
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        tree.courts = ()  # type: ignore[misc]


def test_trees_compare_by_courts() -> None:
    assert CourtTree(COURTS) == CourtTree(list(COURTS))
    assert hash(CourtTree(COURTS)) == hash(CourtTree(COURTS))
    assert CourtTree(COURTS) != CourtTree(COURTS[:3])


# -- refusals -----------------------------------------------------------------------------

SPC = Court("spc", "最高人民法院", L.SUPREME)
SD = Court("sd", "山东省高级人民法院", L.HIGH, "spc")
JN = Court("jn", "济南市中级人民法院", L.INTERMEDIATE, "sd")
CQ = Court("jn-cq", "济南市长清区人民法院", L.BASIC, "jn")


@pytest.mark.parametrize(
    ("courts", "problem"),
    [
        pytest.param(
            [SPC, SD, JN, CQ, Court("jn-cq", "济南市历下区人民法院", L.BASIC, "jn")],
            "court 'jn-cq': code used by 2 courts: 济南市长清区人民法院, 济南市历下区人民法院",
            id="duplicate code",
        ),
        pytest.param(
            [SPC, SD, JN, Court("jn-cq", "济南市长清区人民法院", L.BASIC, "jn-x")],
            "court 'jn-cq': parent 'jn-x' does not exist",
            id="missing parent",
        ),
        pytest.param(
            [SPC, SD, JN, Court("t", "马山人民法庭", L.TRIBUNAL, "jn")],
            "court 't': parent 'jn' is intermediate, "
            "but tribunal courts must be under basic courts",
            id="tribunal under intermediate",
        ),
        pytest.param(
            [SPC, SD, Court("b", "济南市长清区人民法院", L.BASIC, "sd")],
            "court 'b': parent 'sd' is high, but basic courts must be under intermediate courts",
            id="basic under high",
        ),
        pytest.param(
            [SPC, Court("i", "济南市中级人民法院", L.INTERMEDIATE, "spc")],
            "court 'i': parent 'spc' is supreme, but intermediate courts must be under high courts",
            id="intermediate under supreme",
        ),
        pytest.param(
            [SPC, SD, Court("h", "河北省高级人民法院", L.HIGH, "sd")],
            "court 'h': parent 'sd' is high, but high courts must be under supreme courts",
            id="high under high",
        ),
        pytest.param(
            [SPC, SD, Court("s2", "另一最高人民法院", L.SUPREME, "sd")],
            "court 's2': supreme courts have no parent, but its parent is 'sd'",
            id="supreme with parent",
        ),
        pytest.param(
            [
                SPC,
                SD,
                JN,
                CQ,
                Court("t1", "马山人民法庭", L.TRIBUNAL, "jn-cq"),
                Court("t2", "孝里人民法庭", L.TRIBUNAL, "t1"),
            ],
            "court 't2': parent 't1' is tribunal, but tribunal courts must be under basic courts",
            id="tribunal under tribunal",
        ),
    ],
)
def test_refuses_one_problem(courts: list[Court], problem: str) -> None:
    with pytest.raises(CourtTreeError) as info:
        CourtTree(courts)
    assert str(info.value) == f"invalid court tree: {problem}"
    assert [str(p) for p in info.value.problems] == [problem]
    assert isinstance(info.value, OrgError)


@pytest.mark.parametrize(
    ("courts", "cycle"),
    [
        pytest.param(
            [Court("a", "甲区人民法院", L.BASIC, "b"), Court("b", "乙区人民法院", L.BASIC, "a")],
            "court 'a': parent links form a cycle: 'a' -> 'b' -> 'a'",
            id="two courts",
        ),
        pytest.param(
            # The walk enters the loop at 'x', which is not its first-inserted member.
            [
                Court("x", "丙区人民法院", L.BASIC, "c"),
                Court("a", "甲区人民法院", L.BASIC, "c"),
                Court("b", "乙区人民法院", L.BASIC, "a"),
                Court("c", "丁区人民法院", L.BASIC, "b"),
            ],
            "court 'a': parent links form a cycle: 'a' -> 'c' -> 'b' -> 'a'",
            id="three courts and a tail",
        ),
        pytest.param(
            [Court("a", "甲区人民法院", L.BASIC, "a")],
            "court 'a': parent links form a cycle: 'a' -> 'a'",
            id="own parent",
        ),
    ],
)
def test_refuses_cycles(courts: list[Court], cycle: str) -> None:
    with pytest.raises(CourtTreeError) as info:
        CourtTree(courts)
    problems = [str(p) for p in info.value.problems]
    # A loop always breaks the level rule too; the cycle is reported once, at the end.
    assert problems[-1] == cycle
    assert problems.count(cycle) == 1
    assert cycle in str(info.value)


def test_collects_every_problem_in_one_error() -> None:
    courts = [
        SPC,
        SD,
        JN,
        CQ,
        Court("jn", "济南市中级人民法院（重复）", L.INTERMEDIATE, "sd"),
        Court("lx", "济南市历下区人民法院", L.BASIC, "nowhere"),
        Court("ms", "马山人民法庭", L.TRIBUNAL, "jn"),
        Court("p", "甲区人民法院", L.BASIC, "q"),
        Court("q", "乙区人民法院", L.BASIC, "p"),
    ]
    with pytest.raises(CourtTreeError) as info:
        CourtTree(courts)
    assert str(info.value) == (
        "invalid court tree, 6 problems:\n"
        "  court 'jn': code used by 2 courts: 济南市中级人民法院, 济南市中级人民法院（重复）\n"
        "  court 'lx': parent 'nowhere' does not exist\n"
        "  court 'ms': parent 'jn' is intermediate, "
        "but tribunal courts must be under basic courts\n"
        "  court 'p': parent 'q' is basic, "
        "but basic courts must be under intermediate courts\n"
        "  court 'q': parent 'p' is basic, "
        "but basic courts must be under intermediate courts\n"
        "  court 'p': parent links form a cycle: 'p' -> 'q' -> 'p'"
    )


def test_court_codes_are_kept_in_the_spelling_rows_are_read_in() -> None:
    # A snapshot's court '上海知识产权法院（试点）' is read as '...(试点)' (NFKC); the tree's
    # code must be the same text, or its rows read as 'not in the court tree'.
    court = Court("上海知识产权法院（试点）", "上海知识产权法院（试点）", "intermediate", " 上海高院 ")
    assert court.code == "上海知识产权法院(试点)"
    assert court.parent == "上海高院"
    # The name is for people: printed as written.
    assert court.name == "上海知识产权法院（试点）"
    with pytest.raises(OrgError, match=r"Court.code must not be empty"):
        Court("\u3000", "某法院", "basic")
