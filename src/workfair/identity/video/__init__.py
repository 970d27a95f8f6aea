"""Live video checks: slots, bookings, the agent's checklist and outcome (the last verification step)."""
