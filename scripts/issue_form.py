"""Write .github/ISSUE_TEMPLATE/propose-a-practice.yml from the taxonomy.

Run it after changing the levels or themes in pracbase/data/taxonomy.yml
(tests/test_docs.py fails while the committed form is stale):

    .venv/bin/python scripts/issue_form.py
"""

from pathlib import Path

from pracbase._files import write_atomic
from pracbase.templates import issue_form

FORM = Path(__file__).resolve().parent.parent / ".github" / "ISSUE_TEMPLATE" / "propose-a-practice.yml"

if __name__ == "__main__":
    write_atomic(FORM, issue_form())
    print(f"wrote {FORM}")
