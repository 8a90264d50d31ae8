"""Trigger evals: requests that should pick a skill, and near misses that should not.

A description is only as good as the requests it wins. skill-creator (Anthropic's) tests one by
asking a model, with an API key, whether queries trigger the skill; its eval set is a JSON list
of ``{"query": ..., "should_trigger": true|false}``. skillc writes the same format into every
optimised skill (``evals/evals.json``) from what the skill itself says, and scores it offline
with the lexical router (`skillc.passes.router`):

- **should trigger**: the skill's section headings (generic ones such as "Overview" or
  "Examples" left out; emoji, numbering and "Step 3:" dropped), the commands its shell blocks
  run, and the error strings it quotes, each as a short request ("Help with ...",
  "How do I use `npm install`?", "I get this error: ...");
- **should not trigger**: the sibling skills' requests that score highest against this skill's
  description: the near misses a router is most likely to get wrong.

The analysis ``trigger-queries`` computes the should-trigger requests of every skill from its
blocks, so the description pass and the eval writer share them. Deterministic: ordered by
position in the skill, at most `MAX_QUERIES` per skill, near misses by score then text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from skillc.ir.nodes import Code, Heading, Prose, Skill, SkillModule
from skillc.passes.classify_content import is_command_block, wordset
from skillc.passes.compress_description import sentence_case, strip_markdown
from skillc.passes.registry import PassContext, analysis
from skillc.passes.router import Router

#: Requests drawn from one skill, and near misses borrowed from its siblings.
MAX_QUERIES = 8
MAX_NEAR_MISSES = 4

_GENERIC = wordset(
    """overview introduction intro summary contents table of toc notes note examples example usage
    quick start quickstart getting started reference references see also faq appendix
    checklist tips resources links related skills background about when to use this skill
    skill positioning core concepts best practices common mistakes troubleshooting workflow
    requirements installation setup prerequisites output format guidelines rules instructions
    principles steps process philosophy context"""
) | wordset(
    # the same headings in Chinese (simplified and traditional), Japanese and Korean, as skills
    # write them: CJK has no spaces, so each heading is one word ("触发条件", "使用场景")
    """概述 概览 概要 简介 簡介 介绍 介紹 总结 總結 摘要 目录 目錄 目录导航 注意 注意事项
    注意事項 说明 說明 备注 示例 範例 例子 用法 使用 使用方法 使用说明 使用場景 使用场景
    适用场景 应用场景 快速开始 快速開始 快速入门 入门 参考 參考 参考资料 参考资源 参考文档
    相关技能 常见问题 常見問題 附录 附錄 清单 清單 检查清单 提示 技巧 资源 資源 链接 背景
    关于 關於 何时使用 何时触发 触发条件 觸發條件 触发 技能定位 核心功能 主要功能 功能
    功能概述 核心概念 最佳实践 最佳實踐 常见错误 故障排除 问题排查 工作流 工作流程 流程 要求
    前提条件 前置条件 安装 安裝 设置 输出格式 輸出格式 指南 规则 規則 原则 原則 步骤 步驟
    原因 症状 解决方法 解决方案 必读 はじめに 目次 注意点 メモ 使用例 使い方
    クイックスタート 参考資料 参照 関連 関連スキル よくある質問 付録 チェックリスト
    チェックポイント ヒント リソース リンク トリガー 発動条件 使用タイミング 基本概念
    コアコンセプト ベストプラクティス よくある間違い トラブルシューティング ワークフロー
    要件 前提条件 インストール セットアップ 出力形式 出力フォーマット ガイドライン ルール
    原則 手順 実行手順 ステップ プロセス 目的 機能 主な機能 特徴 症状 解決方法 解決策 対処法
    必読 개요 소개 목차 예제 예시 사용법 참고 문제 해결 설치 요구 사항 단계 워크플로"""
)
#: Emoji variation selectors and the zero-width joiner, left behind when emoji are dropped.
_JOINERS = frozenset("\ufe0e\ufe0f\u200d")
_PREFIX = re.compile(r"^(?:step\s*\d+\s*[:.)-]?|phase\s*\d+\s*[:.)-]?|\d+(?:\.\d+)*[.)]?)\s*", re.I)
_ERROR = re.compile(
    r"`([^`\n]*(?:error|exception|failed|failure|not found|denied|invalid)[^`\n]*)`", re.I
)


@dataclass(frozen=True, slots=True, kw_only=True)
class EvalQuery:
    """One entry of an eval set, as skill-creator writes it."""

    query: str
    should_trigger: bool

    def as_json(self) -> dict[str, object]:
        return {"query": self.query, "should_trigger": self.should_trigger}


@analysis("trigger-queries")
def trigger_queries(module: SkillModule, ctx: PassContext) -> Mapping[str, tuple[str, ...]]:
    """The should-trigger requests of every skill, by skill name."""
    return {skill.name: should_trigger(skill) for skill in module.skills}


def should_trigger(skill: Skill) -> tuple[str, ...]:
    """Requests drawn from ``skill``'s headings, commands and error strings, in body order."""
    found: dict[str, str] = {}
    for block in skill.blocks:
        for query in _queries_of(block):
            found.setdefault(query.casefold(), query)
        if len(found) >= MAX_QUERIES:
            break
    return tuple(found.values())[:MAX_QUERIES]


def _queries_of(block: object) -> list[str]:
    if isinstance(block, Heading) and block.level >= 2:
        topic = heading_topic(block.text)
        return [f"Help with {topic}"] if topic else []
    if isinstance(block, Code) and is_command_block(block):
        line = _first_command(block.text)
        return [f"How do I use `{line}`?"] if line else []
    if isinstance(block, Prose):
        return [f"I get this error: {m.group(1).strip()}" for m in _ERROR.finditer(block.text)]
    return []


def heading_topic(text: str) -> str:
    """A heading as the topic of a request: markup, emoji and numbering dropped, generic
    headings ("Overview", "Examples") refused (``""``).

    >>> heading_topic("🛠️ 2. Debug Templates"), heading_topic("Quick Start")
    ('debug templates', '')
    >>> heading_topic("📋 使用场景"), heading_topic("## 触发条件"), heading_topic("実行手順")
    ('', '', '')
    """
    plain = "".join(
        c for c in strip_markdown(text) if unicodedata.category(c)[0] != "S" and c not in _JOINERS
    )
    plain = _PREFIX.sub("", " ".join(plain.split()).strip(" :.-—–")).strip(" :.-—–")
    words = [w for w in re.findall(r"[^\W_]+", plain.lower())]
    if not words or all(w in _GENERIC for w in words):
        return ""
    return sentence_case(plain)


def _first_command(text: str) -> str:
    for raw in text.splitlines():
        line = raw.strip().removeprefix("$ ").strip()
        if line and not line.startswith("#"):
            return line if len(line) <= 80 else line[:80].rsplit(" ", 1)[0]
    return ""


def eval_sets(
    queries: Mapping[str, Sequence[str]], descriptions: Mapping[str, str]
) -> dict[str, tuple[EvalQuery, ...]]:
    """Each skill's eval set: its own requests, then its nearest siblings' requests as near
    misses (chosen with ``descriptions``, the library as given: the highest BM25 score for the
    skill first, then by text). Each request is scored once, against the skills sharing its
    words, so the cost grows with the library, not with its square."""
    router = Router(descriptions)
    owners: dict[str, set[str]] = {}
    for name in sorted(queries):
        for q in queries[name]:
            owners.setdefault(q.casefold(), set()).add(name)
    scored: dict[str, list[tuple[float, str]]] = {name: [] for name in queries}
    texts = sorted({q for name in queries for q in queries[name]})
    for q in texts:
        mine = owners[q.casefold()]
        for name, value in router.scores(q).items():
            if name in scored and name not in mine and value > 0:
                scored[name].append((-value, q))
    sets: dict[str, tuple[EvalQuery, ...]] = {}
    for name in sorted(queries):
        near = [q for _, q in sorted(scored[name])[:MAX_NEAR_MISSES]]
        for q in texts:  # too few near misses: fill with sibling requests, by text
            if len(near) >= MAX_NEAR_MISSES:
                break
            if name not in owners[q.casefold()] and q not in near:
                near.append(q)
        own = [EvalQuery(query=q, should_trigger=True) for q in queries[name]]
        sets[name] = (*own, *(EvalQuery(query=q, should_trigger=False) for q in near))
    return sets


@dataclass(frozen=True, slots=True, kw_only=True)
class Score:
    """How one skill's eval set fares under a router: recall and false triggers."""

    name: str
    should: int
    hits: int
    near_misses: int
    false_triggers: int
    missed: tuple[tuple[str, str], ...] = ()  # (query, skill it went to, or "")

    @property
    def recall(self) -> float:
        return self.hits / self.should if self.should else 1.0


def score(
    sets: Mapping[str, Sequence[EvalQuery]], descriptions: Mapping[str, str]
) -> tuple[Score, ...]:
    """Score every skill's eval set with BM25 over ``descriptions`` (name -> description)."""
    router = Router(descriptions)
    result = []
    for name in sorted(sets):
        should = [e.query for e in sets[name] if e.should_trigger]
        near = [e.query for e in sets[name] if not e.should_trigger]
        routed = {q: router.route(q) for q in (*should, *near)}
        result.append(
            Score(
                name=name,
                should=len(should),
                hits=sum(routed[q] == name for q in should),
                near_misses=len(near),
                false_triggers=sum(routed[q] == name for q in near),
                missed=tuple((q, routed[q]) for q in should if routed[q] != name),
            )
        )
    return tuple(result)
