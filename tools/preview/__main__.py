import sys

from tools.preview import main

sys.exit(main())
