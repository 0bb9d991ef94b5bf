"""Meta's export shapes, shared by the Instagram and Threads importers (Facebook uses `common`).

- `common`: mojibake, timestamps, profile links, label names, the date-range check, the owner's profile;
- `lists`: the one JSON list reader (a fast path for the documented shapes, a tolerant fallback);
- `parts`: the parts of a list (`followers_1.json`, …) found, checked and read in order;
- `html`: the HTML export's pages; `legacy`: the ≤2020 `connections.json`; `signals`: engagement files.
"""
