"""The demo, kept apart from the product: the demo organisation and users, the demo values that
fill what the published catalog leaves unknown, `load_demo`, and the simulated year
(`simulate_year`, through the services or in bulk). It sits above the domain apps and drives them
through their services; no domain app imports it. Production never loads it."""
