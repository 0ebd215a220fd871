from hypothesis import settings

pytest_plugins = [
    "zabota.testing",
    "zabota.testing_live_server",
    "zabota.testing_browser",
    "zabota.testing_replica",
]

# The properties of zabota/rules are checked for what they compute, not how fast: under a
# loaded CI machine one example of the care-plan proposal took longer than Hypothesis's default
# 200 ms deadline and failed a correct rule. Speed is the benchmark's business (make bench).
settings.register_profile("zabota", deadline=None)
settings.load_profile("zabota")
