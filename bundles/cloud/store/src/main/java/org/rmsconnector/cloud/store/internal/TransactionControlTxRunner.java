package org.rmsconnector.cloud.store.internal;

import java.sql.Connection;
import java.sql.SQLException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.transaction.control.ScopedWorkException;
import org.osgi.service.transaction.control.TransactionContext;
import org.osgi.service.transaction.control.TransactionControl;
import org.osgi.service.transaction.control.jdbc.JDBCConnectionProvider;
import org.rmsconnector.cloud.store.SqlWork;
import org.rmsconnector.cloud.store.StoreException;
import org.rmsconnector.cloud.store.TxRunner;

/**
 * The store's transactions on OSGi Transaction Control: the connection comes from the JDBC resource provider that
 * the {@code org.apache.aries.tx.control.jdbc.local} factory configuration named {@code rms-cloud} creates, so the
 * database (embedded H2 by default, PostgreSQL by configuration) is chosen by configuration alone.
 */
@Component(service = TxRunner.class)
public class TransactionControlTxRunner implements TxRunner {

    private final TransactionControl txControl;
    private final Connection connection;

    @Activate
    public TransactionControlTxRunner(@Reference TransactionControl txControl,
            @Reference(target = "(dataSourceName=rms-cloud)") JDBCConnectionProvider provider) {
        this.txControl = txControl;
        this.connection = provider.getResource(txControl);
    }

    @Override
    public <T> T required(SqlWork<T> work) {
        return run(() -> txControl.required(() -> work.apply(connection)));
    }

    @Override
    public <T> T readOnly(SqlWork<T> work) {
        return run(() -> txControl.build().readOnly().required(() -> work.apply(connection)));
    }

    @Override
    public void afterCompletion(Runnable action) {
        TransactionContext context = txControl.getCurrentContext();
        if (context == null) {
            action.run();
        } else {
            context.postCompletion(status -> action.run());
        }
    }

    private static <T> T run(java.util.function.Supplier<T> scoped) {
        try {
            return scoped.get();
        } catch (org.osgi.service.transaction.control.TransactionException e) {
            // Transaction Control itself is going away (the node is stopping) or cannot begin: not the work's fault
            throw new StoreException("the database is not available: " + e.getMessage(), e);
        } catch (ScopedWorkException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.osgi.service.transaction.control.TransactionException tx) {
                // no connection to be had (the pool is closing as the node stops, or the database is down)
                throw new StoreException("the database is not available: " + tx.getMessage(), tx);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof SQLException sql) {
                throw new StoreException("database error: " + sql.getMessage(), sql);
            }
            throw new StoreException("database work failed: " + cause, cause);
        }
    }
}
