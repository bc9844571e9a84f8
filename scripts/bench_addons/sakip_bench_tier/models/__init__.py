from . import bench_tier_document, bench_tier_line, tier_definition
