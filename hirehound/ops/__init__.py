"""Operations you can watch: step progress, counters from run processes, the metrics endpoint, alerts to people."""
