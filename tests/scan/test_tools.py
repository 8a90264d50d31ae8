"""The least `allowed-tools` a skill needs (`skillc.scan.tools`), computed from its content,
and how it meets the declared field (RK218, RK219) in the reports."""

from __future__ import annotations

from skillc.package.reader import package_from_texts
from skillc.scan.context import ScanContext
from skillc.scan.engine import ScanRun
from skillc.scan.report.json import document
from skillc.scan.tools import commands, grants, least
from tests.scan.conftest import scan_texts

HEAD = "---\nname: demo\ndescription: Does things. Use when asked.\n{extra}---\n"


def needed(texts: dict[str, str]) -> list[str]:
    texts = {"SKILL.md": HEAD.format(extra=""), **texts}
    return least(ScanContext.of(package_from_texts("demo", texts)))


def test_commands_are_the_first_word_of_each_command() -> None:
    text = "sudo apt-get install -y jq && FOO=1 make test | tee log\n# comment\ncd src; ls -la\n"
    assert list(commands(text)) == ["apt-get", "make", "tee", "cd", "ls"]
    transcript = "$ git status\nOn branch main\nnothing to commit\n$ python3.11 -m pytest\n"
    assert list(commands(transcript)) == ["git", "python3.11"]


def test_shell_blocks_scripts_and_run_sentences_give_bash_patterns() -> None:
    body = (
        "Run `npm ci` first.\n\n```bash\ngit log --oneline\n```\n\n"
        "```\nOutput: Some text that is not a command\n```\n\n"
        "```python\nimport os\n```\n"
    )
    tools = needed({"SKILL.md": HEAD.format(extra="") + body, "scripts/x.py": "print(1)\n"})
    assert tools == ["Bash(git:*)", "Bash(npm:*)", "Bash(python3:*)", "Read"]


def test_instructions_give_the_agent_tools() -> None:
    body = (
        "Fetch the schema from https://schemas.example.com/v2.json.\n"
        "Create a file named report.md with the summary.\n"
        "Update the config file with the new key.\n"
        "Search for occurrences of the old name, and find all files matching `*.toml`.\n"
    )
    tools = needed({"SKILL.md": HEAD.format(extra="") + body})
    assert tools == ["Edit", "Glob", "Grep", "Read", "WebFetch", "Write"]
    assert needed({"SKILL.md": HEAD.format(extra="") + "Explain the design.\n"}) == ["Read"]


def test_grants() -> None:
    assert grants("Bash", "Bash(git:*)") and grants("Bash(git:*)", "Bash(git:*)")
    assert grants("Bash(git *)", "Bash(git:*)") and not grants("Bash(git:*)", "Bash(rm:*)")
    assert not grants("Read", "WebFetch")


def test_declared_tools_are_in_the_json_report_beside_the_least_set() -> None:
    extra = "allowed-tools: Bash Read Write Edit WebFetch\n"
    report = scan_texts(
        {"SKILL.md": HEAD.format(extra=extra) + "```bash\ngit status\n```\n"}, name="demo"
    )
    [skill] = document(ScanRun(reports=[report]))["skills"]
    assert skill["allowed_tools"] == ["Bash(git:*)", "Read"]
    assert skill["declared_tools"] == ["Bash", "Read", "Write", "Edit", "WebFetch"]
    [finding] = [f for f in skill["findings"] if f["code"] == "RK218"]
    assert finding["location"]["line"] == 4  # the allowed-tools key
    assert "unrestricted Bash (it runs Bash(git:*)), Write, Edit, WebFetch" in finding["message"]
    assert skill["verdict"] == "benign"  # too much permission is advice, not evidence


def test_alternatives_comments_and_continued_lines_are_no_commands() -> None:
    """Synopses from npm @tloncorp/tlon-skill 0.5.0 and @pocketagent/paw-skills 1.4.0: their
    least tools held Bash(private:*), Bash(secret:*), Bash(mainnet-beta:*), Bash(cron:*) and
    Bash(channels:*), none of which is a command either skill runs."""
    block = (
        "tlon groups set-privacy ~host/slug public|private|secret # Set privacy\n"
        "tlon hooks init my-hook --type on-post    # Create template (on-post|cron|moderation)\n"
        'tlon groups add-channel ~host/slug "Name" [--kind chat|heap|notes]\n'
        "tlon --url https://other-ship.tlon.network --ship ~other-ship \\\n"
        "  channels groups\n"
        "paw config <agent-id> --network <devnet|mainnet-beta|testnet>\n"
        "- `promote` creates an admin role and assigns it to the members.\n"
        "cat ~/.paw/events/bot.log | jq '.type' |sort| uniq -c\n"
        "echo `date +%s` done > stamp\n"
    )
    assert sorted(set(commands(block))) == [
        "cat",
        "date",
        "echo",
        "jq",
        "paw",
        "sort",
        "tlon",
        "uniq",
    ]
