"""What a person reads, in one place.

    labels.py   every label in Chinese and English, sums and rates as written, error lines
    language.py the language in use (labels.py re-exports it)
    text.py     terminal views: a notice's clause tree and facts, calc results, scenario and search tables
    diff.py     diff reports: Markdown, HTML, JSON
    match.py    match reports: text, Markdown, HTML
    ingest.py   what `policyx ingest` and `policyx eval` say while they run: progress, summary
"""
