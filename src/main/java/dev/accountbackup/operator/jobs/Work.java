package dev.accountbackup.operator.jobs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The long part of an attempt (an export, a table restore), started from the job executor; done when its future is. */
@FunctionalInterface
public interface Work<T> {

    CompletableFuture<T> start(Executor executor);
}
