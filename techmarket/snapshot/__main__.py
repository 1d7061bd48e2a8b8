import sys

from techmarket.snapshot.cli import main

sys.exit(main())
