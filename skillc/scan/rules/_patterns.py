"""Patterns several risk rules share: network tools, secrets, sensitive paths, hosts.

Every pattern is bounded (no unbounded repetition next to another that can match the same
characters), so matching stays linear in the text.
"""

from __future__ import annotations

import re

#: A URL (scheme and host captured).
URL = re.compile(r"\b(https?|ftp)://([A-Za-z0-9.-]{1,253})(?::\d{1,5})?[^\s\"'`)<>\]]{0,2000}")
#: A command or call that talks to the network.
NET = re.compile(
    r"(?<![\w.-])(?:curl|wget|Invoke-WebRequest|iwr|Invoke-RestMethod|irm|nc|ncat|socat|scp|rsync"
    r"|sftp|ftp|dig|nslookup|telnet)(?![\w-])"
    r"|\b(?:requests|httpx|aiohttp|urllib3?|http\.client|axios|got|superagent|needle)\s*\.\s*"
    r"(?:get|post|put|patch|request|urlopen|Request|ClientSession|AsyncClient|Client)\b"
    r"|\burlopen\s*\(|\bfetch\s*\(|\bXMLHttpRequest\b|\bsocket\.(?:socket|create_connection)\b"
    r"|\bnew\s+WebSocket\b|\bhttps?\.request\s*\("
)
#: A network call that sends data out (a request body, an upload, a DNS query built from data).
SEND = re.compile(
    r"(?<![\w-])(?:curl\b[^\n]{0,400}?(?:\s-d\b|\s-d\S|--data\S*|\s-F\b|--form\b|\s-T\b|"
    r"--upload-file|--json|-X\s*['\"]?(?:POST|PUT|PATCH))"
    r"|wget\b[^\n]{0,400}?--post-(?:data|file)"
    r"|(?:nc|ncat|netcat|socat)\s+[^\n|;]{0,200}"
    r"|(?:dig|nslookup|host)\s+[^\n;|]{0,200}\$\("
    r"|(?:scp|rsync|sftp)\s+[^\n]{0,300}\S+@\S+:"
    r"|Invoke-(?:WebRequest|RestMethod)\b[^\n]{0,300}-(?:Body|InFile|Method\s+Post))"
    r"|\b(?:requests|httpx|axios|session|client)\s*\.\s*(?:post|put|patch)\s*\("
    r"|\bfetch\s*\([^\n]{0,300}?method\s*:\s*['\"](?:POST|PUT|PATCH)"
    r"|\burlopen\s*\([^\n]{0,200}?data\s*="
    r"|\.send(?:all|to)?\s*\(",
    re.IGNORECASE,
)
#: An environment variable whose name says it holds a secret.
SECRET_VAR = re.compile(
    r"\$\{?[A-Za-z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|ACCESS_KEY|"
    r"PRIVATE_KEY|_KEY\b|CREDENTIALS?|AUTH|SESSION|COOKIE)[A-Za-z0-9_]*(?![A-Za-z0-9_])"
    # ... but not a name that says it holds an identifier or a location (``$SESSION_ID``,
    # ``$AUTH_URL``): those go to an API as a matter of course and give nothing away.
    r"(?<!_ID)(?<!_IDS)(?<!_NAME)(?<!_URL)(?<!_URI)(?<!_HOST)(?<!_TYPE)\}?"
    r"|(?:os\.environ|process\.env)\s*(?:\[\s*['\"]|\.get\(\s*['\"]|\.)[A-Za-z0-9_]*"
    r"(?:TOKEN|SECRET|PASSWORD|KEY|CREDENTIAL|AUTH)[A-Za-z0-9_]*",
    re.IGNORECASE,
)
#: The whole environment at once (every secret a process has).
#: ``env``, ``printenv``, ``export -p`` or ``set`` as the command of a line or of a pipeline
#: (not after another word: ``python3 -m venv env`` names a folder, "the flag is set" is prose;
#: DRF's tutorial was held back as suspicious for the first), alone in a subshell (``$(env)``),
#: or after ``sudo``. Not after ``: `` or ``-> ``: Python's ``known: set) -> list`` and
#: ``names: set | None`` annotate a type (ai-labs' storyboard-manager was held back for one).
ENV_DUMP = re.compile(
    r"(?<![\w$.-])(?<!\w\s)(?<!\w\s\s)(?<![:>]\s)(?:env|printenv|export\s+-p|set)"
    r"\s*(?:\||$|>|\s+\|)"
    r"|(?<=\()(?:env|printenv|set)\s*\)"
    r"|\bsudo\s+(?:env|printenv)\s*(?:\||\)|$|>)"
    r"|\bos\.environ\b(?!\s*(?:\[|\.get|\.setdefault|\.pop))"
    r"|\bprocess\.env\b(?!\s*(?:\.|\[))"
    r"|\bGet-ChildItem\s+env:|\bdir\s+env:",
    re.MULTILINE,
)
#: A process-starting call whose ``env`` option the text ends in (``spawnSync(bin, args, {
#: env: process.env``, ``subprocess.run(cmd, env={**os.environ``).
_CHILD_ENV = re.compile(
    r"\b(?:spawn(?:Sync)?|exec(?:Sync|File|FileSync|a|ve|vpe)?|fork|Popen|run|call|check_call"
    r"|check_output|create_subprocess_(?:exec|shell))\s*\([^;]{0,300}?[\s,{(]env\s*[:=]\s*"
    r"(?:\{\s*(?:\.\.\.|\*\*)\s*|dict\(\s*)?$"
)


def child_env(text: str, start: int) -> bool:
    """Whether the environment at ``text[start]`` is handed to a process the script starts, as
    its ``env`` option: the child inherits it by default anyway, so nothing is read out (the
    Tlon skill's launcher, ``spawnSync(binaryPath, args, {stdio: "inherit", env: process.env})``
    held the skill back as reading every secret). A dump that goes anywhere else still counts."""
    return _CHILD_ENV.search(text, max(0, start - 400), start) is not None


#: Files that hold credentials or private data (keys, cloud configs, browser and wallet stores).
SENSITIVE_PATH = re.compile(
    r"\.ssh/(?:id_[a-z0-9_]+|identity|[a-z0-9_-]*\.pem)|\bid_(?:rsa|dsa|ecdsa|ed25519)\b"
    r"|\.aws/(?:credentials|config)|\.config/gcloud|application_default_credentials\.json"
    r"|\.azure/|\.kube/config|\.docker/config\.json|\.netrc\b|\.npmrc\b|\.pypirc\b"
    r"|\.git-credentials|\.gnupg/|/etc/shadow\b|\.(?:bash|zsh)_history"
    r"|\.vault-token|\.terraform\.d/credentials|\.config/gh/hosts\.yml",
    re.IGNORECASE,
)
#: Stores that only malware reads: browser passwords and cookies, keychains, crypto wallets.
STEALER_PATH = re.compile(
    r"(?:Default|Profile\\? \d+)/(?:Login\\? Data|Web\\? Data|Cookies|Local\\? State)"
    r"|key[34]\.db|logins\.json"
    r"|cookies\.sqlite|Library/Keychains|login\.keychain|security\s+(?:dump-keychain|"
    r"find-(?:generic|internet)-password\s[^\n]{0,80}-w)|wallet\.dat|\.electrum|"
    r"\.ethereum/keystore|Exodus/|MetaMask|nkbihfbeogaeaoehlefnkodbefgpgknn|"
    r"\.config/solana/id\.json|Telegram Desktop/tdata|\.purple/accounts\.xml",
    re.IGNORECASE,
)
#: Hosts a payload is fetched from that no publisher ships an installer on.
RAW_IP = re.compile(r"^(?:\d{1,3}\.){3}\d{1,3}$")
PASTE_HOSTS = re.compile(
    r"(?:^|\.)(?:pastebin\.com|paste\.ee|hastebin\.com|ghostbin\.\w+|rentry\.(?:co|org)"
    r"|controlc\.com|justpaste\.it|glot\.io|dpaste\.\w+|termbin\.com|paste\.rs|0x0\.st"
    r"|transfer\.sh|privatebin\.\w+|pastes\.io|ix\.io|sprunge\.us|paste\.c-net\.org"
    r"|bashupload\.com|file\.io|temp\.sh)$",
    re.IGNORECASE,
)
#: Installer hosts of well-known publishers (their `curl | sh` is the documented install).
KNOWN_INSTALLERS = re.compile(
    r"(?:^|\.)(?:sh\.rustup\.rs|astral\.sh|get\.docker\.com|deno\.land|deno\.com|bun\.sh"
    r"|get\.pnpm\.io|install\.python-poetry\.org|ollama\.com|claude\.ai|cli\.github\.com"
    r"|sdk\.cloud\.google\.com|fly\.io|get\.helm\.sh|pyenv\.run|starship\.rs|tailscale\.com"
    r"|brew\.sh|nodejs\.org|volta\.sh|rye\.astral\.sh|foundry\.paradigm\.xyz|get\.k3s\.io"
    r"|install\.determinate\.systems|nixos\.org|mise\.run|cursor\.com|opencode\.ai)$",
    re.IGNORECASE,
)


def hosts(text: str) -> list[str]:
    """The hosts of the URLs in ``text``, lower-cased, in order."""
    return [m.group(2).lower().rstrip(".") for m in URL.finditer(text)]


#: Words one of which every `SENSITIVE_PATH` or `STEALER_PATH` match holds (lower case).
PATH_WORDS = (
    ".ssh",
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    ".aws/",
    "gcloud",
    "application_default",
    ".azure",
    ".kube",
    ".docker/",
    ".netrc",
    ".npmrc",
    ".pypirc",
    "git-credentials",
    ".gnupg",
    "/etc/shadow",
    "_history",
    ".vault-token",
    ".terraform.d",
    "gh/hosts",
    "login",
    "web data",
    "web\\ data",
    "cookies",
    "local state",
    "local\\ state",
    "key3.db",
    "key4.db",
    "keychain",
    "security ",
    "wallet.dat",
    ".electrum",
    "ethereum",
    "exodus",
    "metamask",
    "nkbihf",
    "solana",
    "tdata",
    ".purple",
)
#: Words one of which every `ENV_DUMP` match holds.
ENV_WORDS = ("env", "set", "export -p")
#: Words one of which every `NET` match holds.
NET_WORDS = (
    "curl",
    "wget",
    "invoke-",
    "iwr",
    "irm",
    "nc",
    "ncat",
    "socat",
    "scp",
    "rsync",
    "sftp",
    "ftp",
    "dig",
    "nslookup",
    "telnet",
    "requests",
    "httpx",
    "aiohttp",
    "urllib",
    "http.client",
    "axios",
    "got",
    "superagent",
    "needle",
    "urlopen",
    "fetch",
    "xmlhttprequest",
    "socket",
    "websocket",
    "http.request",
    "https.request",
)
