"""tighten-description, the BM25 router and trigger evals: shorter descriptions that still win
their skill's requests, generated ones for skills without, and offline scores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.ir.nodes import Code, Heading, Prose, Skill, SkillModule
from skillc.ir.printer import dump
from skillc.ir.reader import parse
from skillc.passes import load_all, plan, run
from skillc.passes.description_filler import rewrite_filler
from skillc.passes.router import Router, recall, terms
from skillc.passes.tighten_description import (
    generate_description,
    join_clauses,
    shorten,
    split_clauses,
)
from skillc.passes.trigger_evals import EvalQuery, eval_sets, heading_topic, score, should_trigger
from tests.cli.conftest import ROOT

FIXTURES = ROOT / "tests" / "passes" / "fixtures" / "descriptions"


def skill(name: str, description: str, *headings: str, command: str = "") -> Skill:
    blocks: list[Heading | Code | Prose] = [Heading(id="B1", level=1, text=name.title())]
    blocks += [Heading(id=f"B{n + 2}", level=2, text=h) for n, h in enumerate(headings)]
    if command:
        blocks.append(Code(id="B99", language="bash", text=command))
    return Skill(
        id=f"SKILL_{name.upper()}", name=name, description=description, blocks=tuple(blocks)
    )


def tightened(*skills: Skill, routing: bool = False) -> tuple[SkillModule, list[str]]:
    load_all()
    name = "tighten-description-routing" if routing else "tighten-description"
    result = run(SkillModule(skills=skills), plan([name]))
    return result.module, [f"{d.code} {d.message}" for d in result.diagnostics]


LIBRARY = (
    skill(
        "tdd",
        "Test-driven development with red-green-refactor loop. Use when the user wants to build "
        "features using TDD, mentions red-green-refactor, wants integration tests, or asks for "
        "test-first development.",
        "Tracer bullet",
        "Incremental loop",
    ),
    skill(
        "pdf-tools",
        "This skill helps you merge PDF files and extract tables from PDF documents. Use this "
        "skill when the user wants to merge PDFs, split PDF pages or extract PDF tables.",
        "Merging PDF files",
        "Extracting tables",
        command="qpdf --empty --pages a.pdf b.pdf -- out.pdf",
    ),
    skill("deploy", "Deploys the web app to staging and production servers.", "Staging servers"),
)


def test_filler_is_rewritten_and_trigger_terms_are_kept() -> None:
    module, notes = tightened(*LIBRARY)
    after = {s.name: s.description for s in module.skills}
    assert after["pdf-tools"].startswith("Merges PDF files and extracts tables")
    assert "Use to merge PDFs" in after["pdf-tools"]
    assert "This skill" not in after["pdf-tools"]
    for word in ("integration", "test-first"):  # trigger words said nowhere else stay
        assert word in after["tdd"]
    assert any(n.startswith("PV033 description shortened") for n in notes)
    for s in module.skills:
        assert 1 <= len(s.description) <= 1024 and "<" not in s.description


def test_routing_mode_drops_what_the_requests_do_not_need_and_keeps_what_they_do() -> None:
    module, _ = tightened(*LIBRARY, routing=True)
    after = {s.name: s.description for s in module.skills}
    assert len(after["tdd"]) < len(LIBRARY[0].description)
    router = Router(after)
    for s in LIBRARY:
        wanted = [
            q
            for q in should_trigger(s)
            if Router({x.name: x.description for x in LIBRARY}).route(q) == s.name
        ]
        assert recall(router, s.name, wanted) == 1.0


def test_a_missing_description_is_generated_from_title_headings_and_commands() -> None:
    bare = skill("pdf-tools", "", "Merging PDF files", "Overview", command="qpdf --check a.pdf")
    text = generate_description(bare)
    assert text.startswith("Covers pdf tools.")
    assert "merging PDF files" in text and "running qpdf --check a.pdf" in text
    assert "overview" not in text.lower()
    module, notes = tightened(bare)
    assert module.skills[0].description and "PV033 description generated" in notes[0]


def test_clauses_split_and_join_back() -> None:
    text = "Runs tests (fast) and lints. Use when asked, or when CI fails, or runs nightly."
    clauses = split_clauses(text)
    assert join_clauses([(n, part) for n, _, part in clauses]) == text
    kept = [(n, part) for n, kind, part in clauses if kind != "paren"]
    assert (
        join_clauses(kept)
        == "Runs tests and lints. Use when asked, or when CI fails, or runs nightly."
    )
    assert [part for _, kind, part in clauses if kind == "item"] == [
        ", or when CI fails",
        ", or runs nightly.",
    ]
    nested = split_clauses("Edits ADRs. Use when asked, or keep code, docs, and tests aligned.")
    assert [part for _, kind, part in nested if kind == "item"] == []
    assert rewrite_filler("This skill should be used whenever users need help planning trips.") == (
        "Use when planning trips."
    )
    # "for" stays "for": "Use this skill for tasks" once came out as "Use to tasks"
    assert rewrite_filler("Tests code. Use this skill for tasks like x. Use this for CI.") == (
        "Tests code. Use for x. Use for CI."
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("tighten-description", "library.safe.ssl"),
        ("tighten-description-routing", "library.routing.ssl"),
    ],
)
def test_fixture_ir_before_and_after(name: str, expected: str) -> None:
    """Six descriptions modelled on corpora/skills, tightened as one library: filler goes in both
    modes; routing mode also drops the trigger clauses the skills' own requests do not need."""
    load_all()
    before = parse((FIXTURES / "library.before.ssl").read_text(encoding="utf-8"))
    result = run(before, plan([name]))
    assert dump(result.module) == (FIXTURES / expected).read_text(encoding="utf-8")
    shortened = [d.path for d in result.diagnostics if d.code == "PV033"]
    assert shortened == [s.name for s in before.skills]


def test_who_asks_is_filler_and_shared_object_verbs_are_never_split() -> None:
    assert rewrite_filler("Reviews code. Use when Codex needs to review changes.") == (
        "Reviews code. Use to review changes."
    )
    assert rewrite_filler("Reviews code. Use when Codex is asked for a review.") == (
        "Reviews code. Use for a review."
    )
    # the requester is a router stop word: "Use when the user requests X" is "Use for X"
    assert rewrite_filler("Brands. Use when the user requests brand audits.") == (
        "Brands. Use for brand audits."
    )
    assert rewrite_filler("Decks. Use this skill when users request help creating decks.") == (
        "Decks. Use for creating decks."
    )
    assert rewrite_filler(
        "Resumes. This skill should be used whenever users need help with CVs."
    ) == ("Resumes. Use for CVs.")
    assert rewrite_filler("Docs. Use when the user requests to create documents.") == (
        "Docs. Use to create documents."
    )
    # "create, write, or build a new skill": dropping "or build ..." would orphan the verbs
    shared = split_clauses("Makes skills. Use when asked to create, write, or build a new skill.")
    assert [part for _, kind, part in shared if kind == "item"] == []


def test_a_quoted_trigger_phrase_is_kept_in_safe_mode() -> None:
    grill = skill(
        "grill-me",
        "Interview the user about a plan until reaching shared understanding. Use when the user "
        'wants to stress-test a plan, get grilled on their design, or mentions "grill me".',
        "Grilling a plan",
    )
    module, _ = tightened(grill, *LIBRARY)
    assert '"grill me"' in module.skills[0].description


def test_routing_mode_keeps_the_use_when_sentence() -> None:
    # "before settling" reads as a when-clause; the "Use when" sentence must stay anyway
    architect = skill(
        "architect",
        "Force rigorous architecture exploration before settling on a design. Use when asked to "
        "evaluate package boundaries, service ownership, or security tradeoffs.",
        "Architecture exploration",
    )
    module, _ = tightened(architect, *LIBRARY, routing=True)
    assert "Use to evaluate package boundaries" in module.skills[0].description


def test_router_and_scores() -> None:
    router = Router({"pdf-tools": "Merge PDF files.", "deploy": "Deploy servers."})
    assert router.route("how do I merge two PDFs") == "pdf-tools"
    assert router.route("the weather tomorrow") == ""
    assert terms("Tests on PDFs, 测试") == ["test", "pdf", "测", "试"]
    queries = {s.name: should_trigger(s) for s in LIBRARY}
    assert queries["pdf-tools"] == (
        "Help with merging PDF files",
        "Help with extracting tables",
        "How do I use `qpdf --empty --pages a.pdf b.pdf -- out.pdf`?",
    )
    sets = eval_sets(queries, {s.name: s.description for s in LIBRARY})
    near = [e.query for e in sets["tdd"] if not e.should_trigger]
    assert near and all(q not in queries["tdd"] for q in near)
    scored = {s.name: s for s in score(sets, {s.name: s.description for s in LIBRARY})}
    assert scored["pdf-tools"].recall == 1.0 and scored["pdf-tools"].false_triggers == 0
    assert EvalQuery(query="q", should_trigger=False).as_json() == {
        "query": "q",
        "should_trigger": False,
    }
    assert heading_topic("🛠️ Step 2: Debug Templates") == "debug templates"
    assert heading_topic("Table of Contents") == ""


def test_generic_cjk_headings_are_no_topic_of_a_request_or_a_description() -> None:
    """Chinese and Japanese skills (claude-db-mcp-query-skill, claude-code-skills) head sections
    "触发条件", "核心功能", "📋 使用场景", "実行手順": like "Overview" in English, they name no
    topic, so "Help with 触发条件" was an eval query and "Use when the task involves 核心功能"
    a generated description. The specific heading under them is the topic."""
    headings = ("## 触发条件", "## 核心功能", "## 📋 使用场景", "## 概述", "## 🎯 技能定位")
    blocks = tuple(
        Heading(id=f"h{i}", level=2, text=t.removeprefix("## ")) for i, t in enumerate(headings)
    )
    japanese = (Heading(id="j1", level=2, text="実行手順"), Heading(id="j2", level=3, text="原因"))
    specific = Heading(id="h9", level=2, text="列出所有数据库")
    skill = Skill(id="s", name="db-query", blocks=(*blocks, *japanese, specific))
    assert should_trigger(skill) == ("Help with 列出所有数据库",)
    assert generate_description(skill).endswith("Use when the task involves 列出所有数据库.")


CLAUSES = st.lists(
    st.sampled_from(
        ["merge PDF files", "split pages", "extract tables", "rotate scans", "fill forms", "OCR"]
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=40, deadline=None)
@given(CLAUSES, CLAUSES)
def test_shortening_never_lengthens_and_keeps_every_won_request(
    what: list[str], when: list[str]
) -> None:
    text = f"Tools that {', '.join(what)}. Use when asked to {', '.join(when)}."
    library = {"pdf": text, "deploy": "Deploys servers to staging.", "docs": "Writes API docs."}
    wanted = [f"Help with {w}" for w in when if Router(library).route(f"Help with {w}") == "pdf"]
    for keep_terms in (True, False):
        short = shorten(text, "pdf", wanted, library, keep_terms=keep_terms)
        assert 0 < len(short) <= len(text)
        router = Router({**library, "pdf": short})
        assert all(router.route(q) == "pdf" for q in wanted)
        if keep_terms:
            assert set(terms(text)) <= set(terms(short + " pdf"))


def test_on_the_corpus_no_request_a_description_won_is_lost() -> None:
    from skillc.compiler.optimize import optimize
    from skillc.compiler.optimize.evals import description_of
    from tests.cli.conftest import ROOT

    for library in sorted((ROOT / "corpora" / "skills").iterdir()):
        for mode in ("safe", "routing"):
            result = optimize([str(library)], descriptions=mode)
            before = {
                s.name: description_of((library / s.name / "SKILL.md").read_bytes())
                for s in result.skills
            }
            after = {s.name: s.description for s in result.skills}
            old, new = Router(before), Router(after)
            for s in result.skills:
                evals = result.files[f"{s.name}/evals/evals.json"].decode()
                for query in (q for q in _queries(evals) if old.route(q) == s.name):
                    assert new.route(query) == s.name, (library.name, mode, s.name, query)
            assert sum(map(len, after.values())) <= sum(map(len, before.values()))


def _queries(evals: str) -> list[str]:
    import json

    return [e["query"] for e in json.loads(evals) if e["should_trigger"]]


DOCS = st.dictionaries(
    st.sampled_from(["pdf", "deploy", "docs", "tdd", "lint"]),
    st.lists(
        st.sampled_from(["merge", "pdf", "deploy", "test", "docs", "lint", "fast"]), max_size=8
    ).map(" ".join),
    min_size=1,
)


@settings(max_examples=60, deadline=None)
@given(DOCS, st.sampled_from(["pdf", "deploy", "new"]), st.text(max_size=40), st.text(max_size=30))
def test_replacing_one_text_scores_as_a_rebuilt_library(
    docs: dict[str, str], name: str, text: str, query: str
) -> None:
    fast = Router(docs).replace(name, text)
    slow = Router({**docs, name: text})
    assert fast.route(query) == slow.route(query)
    want = slow.scores(query)
    got = fast.scores(query)
    assert {k for k, v in got.items() if v} == {k for k, v in want.items() if v}
    assert all(abs(got[k] - want[k]) < 1e-9 for k in want if want[k])


def test_an_elaboration_ending_the_first_sentence_is_one_droppable_clause() -> None:
    text = (
        "Maintains GitHub CI for repositories, including release workflows, Pages deployment "
        "and PyPI trusted publishing. Use when asked to repair CI."
    )
    clauses = split_clauses(text)
    assert join_clauses([(n, part) for n, _, part in clauses]) == text
    assert [part for n, kind, part in clauses if kind == "item"] == [
        ", including release workflows, Pages deployment and PyPI trusted publishing."
    ]
    cicd = skill("cicd", text, "Repairing CI")
    module, _ = tightened(cicd, *LIBRARY, routing=True)
    assert module.skills[0].description == (
        "Maintains GitHub CI for repositories. Use to repair CI."
    )
    # safe mode keeps it: "Pages" and "PyPI" are routing terms nothing else says
    module, _ = tightened(cicd, *LIBRARY)
    assert "PyPI trusted publishing" in module.skills[0].description


def test_marketing_adjectives_and_this_skill_provides_are_filler() -> None:
    assert (
        rewrite_filler("This skill provides comprehensive, robust Docker setups. Use for deploys.")
        == "Provides Docker setups. Use for deploys."
    )
    assert rewrite_filler("A powerful and seamless tool for state-of-the-art charts.") == (
        "A tool for charts."
    )


def test_routing_mode_keeps_a_load_this_first_clause() -> None:
    # the only when-to-use of ps-fundamentals (npm 00bx-photoshop-mcp): its requests route
    # without it, but it is what makes an agent load the skill before any other
    fundamentals = skill(
        "ps-fundamentals",
        "Photoshop MCP workflow rules, coordinate system, layer stack order, selection "
        "fundamentals. LOAD THIS FIRST for any Photoshop operation.",
        "Photoshop fundamentals",
    )
    module, _ = tightened(fundamentals, *LIBRARY, routing=True)
    assert "LOAD THIS FIRST for any Photoshop operation." in module.skills[0].description


def test_focus_on_openings_trailing_lists_and_sources_are_filler() -> None:
    # the ant-design-x skills (npm @ant-design/x-skill 2.9.0) open "Focus on explaining ...",
    # end a feature list with "and more" / "等" and cite "official documentation"
    assert rewrite_filler(
        "Focus on explaining the practical configuration and usage of XRequest, providing "
        "accurate configuration instructions based on official documentation"
    ) == (
        "Explains the practical configuration and usage of XRequest, providing accurate "
        "configuration instructions"
    )
    assert rewrite_filler("Focus on implementing custom Chat Provider") == (
        "Implements custom Chat Provider"
    )
    assert rewrite_filler("专注讲解如何使用 useXChat Hook，包括消息管理、多会话管理等") == (
        "如何使用 useXChat Hook，包括消息管理、多会话管理"
    )
    assert rewrite_filler("专注讲解 XRequest 的配置，基于官方文档提供准确的配置说明") == (
        "XRequest 的配置，提供准确的配置说明"
    )
    assert rewrite_filler("Helps users discover and install agent skills.") == (
        "Discovers and installs agent skills."
    )
    # ai-labs-claude-skills: "... from templates. It provides PDF templates", "On first use,
    # the skill collects ...": the skill is every sentence's subject
    assert (
        rewrite_filler(
            "Generates pitch decks. The skill follows the 10-slide structure. On first use, the "
            "skill collects preferences."
        )
        == "Generates pitch decks. Follows the 10-slide structure. On first use, collects "
        "preferences."
    )
    # find-skills goes on "when they ask ...": "users" is what "they" names
    said = "Helps users discover skills when they ask for one."
    assert rewrite_filler(said) == said
    # an -ing word that is no known verb's is left as written; "more" inside a list stays
    assert rewrite_filler("Focus on tooling for builds") == "Focus on tooling for builds"
    assert rewrite_filler("Covers retries, and more options") == "Covers retries, and more options"


def test_the_ant_design_descriptions_shorten_and_keep_their_requests() -> None:
    from skillc.compiler.optimize import optimize

    library = ROOT / "corpora" / "skills" / "ant-design-x-skill"
    result = optimize([str(library)])
    after = {s.name: s.description for s in result.skills}
    assert after["skills/x-request"].startswith("Explains the practical configuration")
    assert after["skills/x-chat-provider"].startswith("Implements custom Chat Provider")
    assert not after["skills/use-x-chat"].endswith("and more")
    before = {s.name: _front_description(library / s.name / "SKILL.md") for s in result.skills}
    sets = {
        s.name: should_trigger_set(result.files[f"{s.name}/evals/evals.json"])
        for s in result.skills
    }
    assert _recall(score(sets, after)) >= _recall(score(sets, before))


def _front_description(path: Path) -> str:
    from skillc.package.reader import package_from_texts

    front = package_from_texts("s", {"SKILL.md": path.read_text(encoding="utf-8")}).front_matter
    found = front.get("description")
    return found.value if found is not None and isinstance(found.value, str) else ""


def should_trigger_set(data: bytes) -> tuple[EvalQuery, ...]:
    entries = json.loads(data)
    return tuple(EvalQuery(query=e["query"], should_trigger=e["should_trigger"]) for e in entries)


def _recall(scores: list[Any]) -> float:
    return sum(s.recall for s in scores) / len(scores)


def test_a_generated_description_drops_a_command_lines_continuation() -> None:
    # claude-db-mcp-query-skill 1.0.6: "... or running python3 ~/.claude/.../db_query.py list \."
    command = "python3 ~/.claude/skills/db-query/db_query.py list \\\n  --config conf/app.yml\n"
    bare = Skill(
        id="s",
        name="db-query",
        skill_name="Database query",
        blocks=(
            Heading(id="h", level=2, text="Listing databases"),
            Code(id="c", text=command, language="bash"),
        ),
    )
    text = generate_description(bare)
    assert "db_query.py list." in text and "\\" not in text, text


@pytest.mark.parametrize("routing", [False, True])
def test_a_conditional_sentence_keeps_its_main_clause(routing: bool) -> None:
    # PyPI claude-skills 0.0.1's pdf skill: dropping ", use this skill" as a trailing item left
    # "If the user mentions a .pdf file or asks to create one." (a fragment)
    pdf = skill(
        "pdf",
        "Use this skill whenever the user wants to do anything with PDF files. This includes "
        "merging PDFs and rotating pages. If the user mentions a .pdf file or asks to create "
        "one, use this skill.",
        "PDF processing",
    )
    module, _ = tightened(pdf, *LIBRARY, routing=routing)
    description = module.skills[0].description
    assert "asks to create one." not in description
    assert description.startswith("Use to do anything with PDF files.")


def test_who_asks_becomes_asked_only_in_a_condition() -> None:
    # PyPI claude-skills 0.0.1's xlsx skill: "any task in which the user wants to: open ..."
    # read "in which asked to: open ..." (a passive with no subject)
    xlsx = "This includes any task in which the user wants to: open, read, or edit a .xlsx file."
    assert rewrite_filler(xlsx) == xlsx
    assert rewrite_filler("Plots data. Use this skill if the user wants to chart a table.") == (
        "Plots data. Use this skill if asked to chart a table."
    )
