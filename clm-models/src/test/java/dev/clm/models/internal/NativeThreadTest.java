package dev.clm.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Calls from any number of short-lived threads all run on the one native thread; results and exceptions come back unchanged. */
class NativeThreadTest {
    @Test
    void callsFromManyThreadsRunOnOneThread() throws InterruptedException {
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 20; i++) {
            Thread t = new Thread(() -> ran.add(NativeThread.XGBOOST.call(Thread::currentThread)));
            t.start();
            t.join();
        }
        assertThat(ran).hasSize(1);
        assertThat(ran.iterator().next().getName()).isEqualTo("clm-xgboost-native");
        assertThat(ran.iterator().next().isDaemon()).isTrue();
    }

    @Test
    void nestedCallsRunDirectlyAndExceptionsPassUnchanged() {
        assertThat(NativeThread.LIGHTGBM.call(() -> NativeThread.LIGHTGBM.call(() -> 42))).isEqualTo(42);
        IOException checked = new IOException("native said no");
        assertThatThrownBy(() -> NativeThread.LIGHTGBM.call(() -> {
            throw checked;
        })).isSameAs(checked);
        IllegalStateException unchecked = new IllegalStateException("closed");
        assertThatThrownBy(() -> NativeThread.LIGHTGBM.call(() -> {
            throw unchecked;
        })).isSameAs(unchecked);
    }

    @Test
    void anInterruptedCallerStillGetsTheResultAndKeepsItsFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThat(NativeThread.XGBOOST.call(() -> "done")).isEqualTo("done");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
