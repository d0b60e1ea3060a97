#!/usr/bin/env bash
# Mutation testing of the modules whose mistakes would be legal or numerical errors (issue 18): the clock
# (src/gongkai/clock/), the checker's rules (src/gongkai/rules/), the run-together digit splitter and the
# template filler (src/gongkai/readers/runs.py, fill.py) and the annual-report tables of the web application
# (src/gongkai_web/reports/tables.py). Configuration: [tool.mutmut] in pyproject.toml (mutmut, pinned in the
# dev group). Results and the survivors judged equivalent: bench/mutation.md.
#
# Not part of `uv run pytest`: every mutant runs the tests that reach the mutated function, hours of CPU for
# all ~4,900 mutants on one core. Run it weekly (docs/mutation.md describes the CI job), or for one module:
#
#   bench/mutation.sh                                   # every module (resumes where a stopped run left off)
#   bench/mutation.sh 'gongkai.clock.application.*'     # one module (mutant names are module.x_function__mutmut_N)
#   bench/mutation.sh --sample 40                       # 40 mutants not run yet per module (fixed seed)
#   bench/mutation.sh --report                          # the score per module from the runs so far
#   bench/mutation.sh --report --names mutants/sample.txt   # the score over the last drawn sample only
#
# MUTMUT_CHILDREN (default 1) sets how many mutants run at once.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--report" ]; then
  exec uv run python bench/mutation_report.py "${@:2}"
fi
if [ "${1:-}" = "--sample" ]; then
  mapfile -t names < <(uv run python bench/mutation_report.py --sample "${2:?how many per module}")
  mkdir -p mutants && printf '%s\n' "${names[@]}" > mutants/sample.txt  # for --report --names
  set -- "${names[@]}"
fi
nice -n 10 uv run mutmut run --max-children "${MUTMUT_CHILDREN:-1}" "$@"
uv run python bench/mutation_report.py
