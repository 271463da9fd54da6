package dev.accountbackup.operator.jobs;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** Test jobs: one piece of work run on the job executor. */
public final class JobWork {

    private JobWork() {}

    public static <T> Function<Executor, CompletableFuture<T>> of(Callable<T> work) {
        return executor -> CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return work.call();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                },
                executor);
    }
}
