import sys
from pathlib import Path

# tests/strategies.py holds the report builders shared by the rule and checker tests.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
