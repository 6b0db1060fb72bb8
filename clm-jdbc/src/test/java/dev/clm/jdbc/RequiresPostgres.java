package dev.clm.jdbc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when PostgreSQL tests are enabled ({@link Pg#enabled()}); otherwise
 * JUnit reports it skipped with the reason and how to enable it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(RequiresPostgres.Condition.class)
@interface RequiresPostgres {

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return Pg.enabled()
                    ? ConditionEvaluationResult.enabled("PostgreSQL tests enabled; server " + Pg.url())
                    : ConditionEvaluationResult.disabled("PostgreSQL tests disabled: run with -Dclm.pg.tests=true or CLM_PG_TESTS=true "
                            + "(server from -Dclm.pg.url, default " + Pg.DEFAULT_URL + ")");
        }
    }
}
