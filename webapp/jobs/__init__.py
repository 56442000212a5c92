"""Documents rendered away from the web request: RQ jobs on Redis, or inline without a queue."""
