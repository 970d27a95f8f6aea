"""Fill the number words of the guard's language files from `num2words` (read in reverse).

    python -m benchmarks.screening.number_words        # rewrites src/workfair/guard/data/languages/*.json

For each language `num2words` knows, every number 0..99 whose words are a single token ("siete",
"sessantasette", "siebenundsechzig", "sesenta") is added to the file's `numbers` table; a number
written in several words ("sesenta y siete", "шестьдесят семь") is read at run time from its tens
word, a connector (the file's `connectors`) and its unit, so only those parts are needed. Words a
contributor added by hand are kept; a word already there is not changed. Needs the `bench` extra
(num2words); the guard itself reads only the JSON.
"""

from __future__ import annotations

import json
from pathlib import Path

LANGUAGES = Path(__file__).resolve().parents[2] / "src" / "workfair" / "guard" / "data" / "languages"
# our file -> num2words' language code
NUM2WORDS = {"en": "en", "es": "es", "pt": "pt_BR", "fr": "fr", "de": "de", "it": "it", "ru": "ru", "pl": "pl",
             "tr": "tr", "id": "id", "ar": "ar"}  # fmt: skip


def main() -> int:
    from num2words import num2words

    for code, n2w in NUM2WORDS.items():
        path = LANGUAGES / f"{code}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        table = data.setdefault("numbers", {})
        added = 0
        for n in range(100):
            words = num2words(n, lang=n2w).lower().replace("-", " ").split()
            if len(words) == 1 and words[0] not in table:
                table[words[0]] = str(n)
                added += 1
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{code}: {added} number words added, {len(table)} in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
