#!/usr/bin/python3
"""Decrypt Fernet tokens as Prefect's decrypt_fernet does, for the Go test
that checks Go-made tokens in Python (models.TestGoTokensDecryptInPython).

Reads a JSON list of {"key": "...", "token": "..."} on stdin and writes a
JSON list with, per item, {"plaintext": <decrypted UTF-8 text>, "data": json.loads of it}
or {"error": <exception class name>}.
"""

import json
import sys

from cryptography.fernet import Fernet


def main() -> None:
    results = []
    for item in json.load(sys.stdin):
        try:
            fernet = Fernet(item["key"].encode())
            plaintext = fernet.decrypt(item["token"].encode()).decode()
            results.append({"plaintext": plaintext, "data": json.loads(plaintext)})
        except Exception as exc:  # reported to the Go test, which fails on it
            results.append({"error": type(exc).__name__})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
