"""Helper process for the crash and concurrency tests: records reviews as fast as it can.

Usage: python crash_writer.py DB_PATH [COUNT]

Prints each review id on its own line right after `record_review` returned
(i.e. after the commit). Without COUNT it runs until killed; with COUNT it
stops after that many reviews and exits 0. A StoreError is printed as
"error: ..." on stderr with exit code 1, like the CLI would.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone

# sqlite-utils imports numpy only to store numpy values; this writer never
# does, and skipping it halves the start-up of each crash-test round.
sys.modules.setdefault("numpy", None)  # type: ignore[arg-type]

from hpquiz.errors import HpquizError  # noqa: E402
from hpquiz.scheduler import Rating  # noqa: E402
from hpquiz.store import Store  # noqa: E402

RATINGS = (Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.HARD, Rating.EASY)


def main() -> int:
    path = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else None
    try:
        with Store.open(path) as store:
            card_ids = store.card_ids()
            shift = os.getpid()
            print("ready", flush=True)
            done = 0
            while count is None or done < count:
                card_id = card_ids[(shift + done) % len(card_ids)]
                rating = RATINGS[(shift + done) % len(RATINGS)]
                review_id = store.record_review(card_id, rating, datetime.now(timezone.utc), 1.0)
                print(review_id, flush=True)
                done += 1
    except HpquizError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
