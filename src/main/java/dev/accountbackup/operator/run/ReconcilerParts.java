package dev.accountbackup.operator.run;

import dev.accountbackup.operator.BackupEngine;
import dev.accountbackup.operator.events.EventRecorder;
import dev.accountbackup.operator.jobs.RunPlacement;
import dev.accountbackup.operator.resolve.DatabaseTargets;
import dev.accountbackup.operator.resolve.StorageResolver;
import dev.accountbackup.operator.snapshot.RdsFollower;
import java.time.Clock;
import java.time.Duration;

/**
 * What every reconciler that starts runs is built from, made once per operator so that all kinds share the same
 * engine, credentials, storage rules, back-off and clock.
 *
 * @param placement    where runs go: the job threads, or Kubernetes Jobs
 * @param lifecycle    the back-off and the retry decisions
 * @param databases    database targets from specs and their Secrets
 * @param storage      storage locations from specs, inside the tenant boundary
 * @param rds          follows RDS operations off the reconcile thread
 * @param events       Kubernetes events of the resources
 * @param pollInterval how often a running job is checked in case its end went unnoticed
 */
public record ReconcilerParts(
        RunPlacement placement,
        RunLifecycle lifecycle,
        DatabaseTargets databases,
        StorageResolver storage,
        BackupEngine engine,
        RdsFollower rds,
        EventRecorder events,
        Clock clock,
        Duration pollInterval) {}
