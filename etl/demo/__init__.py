"""The embedded demo registry: synthetic contracts calibrated to the published statistics.

`build_demo(db, contracts=N, seed=S)` generates enterprises and contracts for 2019-2024 with
numpy (vectorised, deterministic for a seed), writes them as raw input files in the accepted
format (Chinese headers, mixed date styles and units, foreign currencies) and loads them
through `etl.load.load_files`, the path real files take.

Calibration. For each year the yearbook publishes (2019-2023) it gives, for the 31 provinces,
HK-MO-TW and abroad (OTHER), contract counts and values by seller (output) and by buyer
(absorb). The generator
1. fits a seller x buyer matrix of contract counts to both published count marginals by
   iterative proportional fitting (IPF), starting from a seed matrix with more contracts inside a
   province, between the GBA and the YRD and between Guangdong and HK-MO-TW, and none between two
   parties outside the mainland (those are not registered here);
2. rounds it to whole contracts (largest remainder), draws heavy-tailed amounts, and
3. rescales the amounts by seller and buyer factors (IPF again, on the drawn amounts) so that
   each geography's share of the year's value matches the published share on both sides.
2024 extrapolates each share's 2019-2023 linear trend. Within a province, contracts go to its
cities by rough economic weights; within HK-MO-TW and OTHER, to economies by trade weights.
These weights are synthetic and say nothing about real contracts.

Modules: targets (what it is calibrated to), fit (the maths), generate (the rows), build (the database,
its atomic swap and the calibration report).
"""

from etl.demo.build import DemoRefused, build_demo, calibration, calibration_report, ensure_demo, is_demo

__all__ = ["DemoRefused", "build_demo", "calibration", "calibration_report", "ensure_demo", "is_demo"]
