import sys
from pathlib import Path

# tests/strategies.py holds the report builders shared by the rule, checker and supervision tests.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
