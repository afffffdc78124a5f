"""Synthetic rosters for trials and benchmarks: a street office, a township or a whole city (`scheduler generate`).

Realistic on purpose (DESIGN §1-§3, §8): every pool in the proportions a township musters, retired cadres over 65
and 70, sealed and controlled zones with their residents and the sites inside them, sent-down cadres dispatched to
communities or whole townships (so a city splits into its townships: `scheduler check` accepts one place per
cadre), scarce medical staff, police for the checkpoints, leave, personal limits, availability and a handful of
pins. Sampling demand is
sized a little above the township's sampling staff, so a good schedule covers ~95-100 % with real gaps.

Workbooks follow the template's layout (people, sites, shifts, leave, pins, rules) and are written in openpyxl's
write-only mode; a city gets one workbook per district. The same scale and seed always give the same cells.
`Identities` (unique names, phones and ID numbers) is shared with `scripts/make_sample_rosters.py`.
"""

from scheduler.synthetic.identities import Identities
from scheduler.synthetic.workbooks import generate

__all__ = ["Identities", "generate"]
