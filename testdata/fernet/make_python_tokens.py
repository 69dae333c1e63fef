#!/usr/bin/python3
"""Generate python_tokens.json: golden Fernet tokens made by Python's
cryptography package, encrypted as Prefect's encrypt_fernet does
(json.dumps(data), UTF-8, Fernet.encrypt).

Run from the repository root:

    /usr/bin/python3 testdata/fernet/make_python_tokens.py > testdata/fernet/python_tokens.json

The key is fixed (KEY, also written to the output); tokens differ on every run
because Fernet uses a random IV and the current time. Payload keys are written
in sorted order so that Go's encoder (which sorts map keys) produces the same
plaintext bytes; main() checks that.
"""

import json
import sys

import cryptography
from cryptography.fernet import Fernet

# A fixed test key, made once with Fernet.generate_key(). Not a secret.
KEY = "09wQ2k9wfLVBNrGhRgF1re-17Sju0CumgsT7Knc6IPw="

CASES = [
    ("flat", {"password": "hunter2", "username": "marvin"}),
    ("empty", {}),
    (
        "nested",
        {
            "aws": {"credentials": {"key_id": "AKIA0000", "secret": "s3cr3t"}, "region": "eu-west-1", "retries": 3},
            "enabled": True,
            "none": None,
            "tags": ["a", "b", {"deep": [1, [2, [3]]]}],
        },
    ),
    ("unicode", {"emoji": "\U0001F680", "greeting": "h\u00e9llo w\u00f6rld", "jp": "\u6771\u4eac", "ls": "\u2028"}),
    (
        "numbers",
        {
            "big": 12345678901234567890,
            "exp": 1e-07,
            "float": 0.1,
            "int": -42,
            "large_float": 1e16,
            "zero": 0.0,
        },
    ),
    ("escapes", {"control": "\x01\x1f", "html": "<b>&</b>", "newline": "a\nb", "quote": 'say "hi"', "slash": "a/b", "tab": "\t"}),
]


def main() -> None:
    fernet = Fernet(KEY.encode())
    cases = []
    for name, payload in CASES:
        plaintext = json.dumps(payload)
        if plaintext != json.dumps(payload, sort_keys=True):
            raise SystemExit(f"case {name}: write the payload keys in sorted order")
        token = fernet.encrypt(plaintext.encode()).decode()
        cases.append({"name": name, "plaintext": plaintext, "token": token})
    out = {
        "generator": "testdata/fernet/make_python_tokens.py",
        "cryptography": cryptography.__version__,
        "key": KEY,
        "cases": cases,
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
