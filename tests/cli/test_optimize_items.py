"""`skillc optimize` keeps every item of skills shaped like those it once rolled back (PV032).

The fixtures are cut down from published skills (npm claude-code-skills 0.5.0): each was kept as
written because a transform lost an item; the transform is fixed, so the skill is optimised and
the package check finds nothing lost.
"""

from __future__ import annotations

from pathlib import Path

from skillc.compiler.optimize import optimize

HEAD = "---\nname: {name}\ndescription: {description}\n---\n"


def _optimised(tmp_path: Path, name: str, description: str, body: str) -> tuple[set[str], str]:
    """(diagnostic codes, written SKILL.md) of optimising one skill."""
    skill = tmp_path / "lib" / name
    skill.mkdir(parents=True)
    text = HEAD.format(name=name, description=description) + body
    (skill / "SKILL.md").write_text(text, encoding="utf-8")
    result = optimize([str(tmp_path / "lib")])
    codes = {d.code for d in result.diagnostics}
    return codes, result.files[f"{name}/SKILL.md"].decode("utf-8")


TDD = """
# Test-Driven Development (TDD)

### RED - Write Failing Test

Write one minimal test showing what should happen.

<Good>
```typescript
test('retries failed operations 3 times', async () => {
  let attempts = 0;
  const operation = () => {
    attempts++;
    if (attempts < 3) throw new Error('fail');
    return 'success';
  };

  const result = await retryOperation(operation);

  expect(result).toBe('success');
  expect(attempts).toBe(3);
});
```
Clear name, tests real behavior, one thing
</Good>

<Bad>
```typescript
test('retry works', async () => {
  const mock = jest.fn()
    .mockRejectedValueOnce(new Error())
    .mockRejectedValueOnce(new Error())
    .mockResolvedValueOnce('success');
  await retryOperation(mock);
  expect(mock).toHaveBeenCalledTimes(3);
});
```
Vague name, tests mock not code
</Bad>

**Requirements:**
- One behavior
- Clear name
- Real code (no mocks unless unavoidable)

### Verify RED - Watch It Fail

**MANDATORY. Never skip.**

```bash
npm test path/to/test.test.ts
```

Confirm:
- Test fails (not errors)
- Failure message is expected
- Fails because feature missing (not typos)

**Test passes?** You're testing existing behavior. Fix test.

**Test errors?** Fix error, re-run until it fails correctly.

### GREEN - Minimal Code
"""
_CODE = TDD.split("<Good>\n```typescript\n")[1].split("\n```")[0]


def test_a_fence_wrapped_in_tag_lines_is_kept_whole_and_the_skill_optimised(
    tmp_path: Path,
) -> None:
    """test-driven-development and kaizen wrap fences in ``<Good>`` / ``<Bad>`` lines. CommonMark
    reads ``<Good>`` as an HTML block running to the first blank line inside the code, so the
    code was cut into pieces that moved apart and the skill was rolled back. The wrapper and its
    code are one block now: nothing lost, each example whole and inside its wrapper."""
    codes, written = _optimised(
        tmp_path, "test-driven-development", "Use when implementing any feature or bugfix.", TDD
    )
    assert "PV032" not in codes
    assert f"<Good>\n```typescript\n{_CODE}\n```\nClear name, tests real behavior" in written
    assert "never skip." in written.casefold()


DSPY = """
# DSPy: Declarative Language Model Programming

## Core Concepts

### 3. Optimizers

Optimizers improve your modules automatically using training data:

#### BootstrapFewShot
Learns from examples:

```python
from dspy.teleprompt import BootstrapFewShot

# Training data
trainset = [
    dspy.Example(question="What is 2+2?", answer="4").with_inputs("question"),
    dspy.Example(question="What is 3+5?", answer="8").with_inputs("question"),
]

# Define metric
def validate_answer(example, pred, trace=None):
    return example.answer == pred.answer

# Optimize
optimizer = BootstrapFewShot(metric=validate_answer, max_bootstrapped_demos=3)
optimized_qa = optimizer.compile(qa, trainset=trainset)

# Now optimized_qa performs better!
```

#### MIPRO (Most Important Prompt Optimization)
Iteratively improves prompts:

```python
from dspy.teleprompt import MIPRO

optimizer = MIPRO(
    metric=validate_answer,
    num_candidates=10,
    init_temperature=1.0
)

optimized_cot = optimizer.compile(
    cot,
    trainset=trainset,
    num_trials=100
)
```

#### BootstrapFinetune
Creates datasets for model fine-tuning:

```python
from dspy.teleprompt import BootstrapFinetune

optimizer = BootstrapFinetune(metric=validate_answer)
optimized_module = optimizer.compile(qa, trainset=trainset)

# Exports training data for fine-tuning
```

"""


def test_a_crlf_skill_with_a_paragraph_right_under_a_heading_is_optimised(
    tmp_path: Path,
) -> None:
    """prompt-engineering-dspy (CRLF) puts "Iteratively improves prompts:" right under "#### MIPRO
    (Most Important Prompt Optimization)". The no-loss check read heading and paragraph as one
    "constraint" (and CRLF blank lines as none), so moving the example with its lead-in rolled
    the skill back. The heading is read as its own line; the skill is optimised, nothing lost."""
    codes, written = _optimised(
        tmp_path, "dspy", "Builds LM programs with DSPy.", DSPY.replace("\n", "\r\n")
    )
    assert "PV032" not in codes
    assert "#### MIPRO (Most Important Prompt Optimization)" in written
