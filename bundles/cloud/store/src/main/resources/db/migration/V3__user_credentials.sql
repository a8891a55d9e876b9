-- Credentials of online users and administrators, their administrative roles, and the tenant's keys.
-- Portable SQL for H2 2.x and PostgreSQL, re-runnable like V1.

-- One password per directory user, kept only as a salted, slow hash; never the password itself.
-- algorithm names the KDF (PBKDF2WithHmacSHA256); iterations, salt and hash are what verifying needs,
-- so the work factor can rise later without invalidating stored hashes. salt and hash are base64.
-- No foreign key to directory_user: a directory import replaces every user row, and must not wipe passwords.
CREATE TABLE IF NOT EXISTS user_credential (
    upn        VARCHAR(256) NOT NULL PRIMARY KEY,
    algorithm  VARCHAR(64)  NOT NULL,
    iterations INTEGER      NOT NULL CHECK (iterations > 0),
    salt       VARCHAR(128) NOT NULL,
    hash       VARCHAR(256) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Administrative roles of users.
CREATE TABLE IF NOT EXISTS admin_role (
    upn        VARCHAR(256) NOT NULL,
    role_name  VARCHAR(32)  NOT NULL CHECK (role_name IN ('global-admin', 'connector-admin')),
    granted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    granted_by VARCHAR(256),
    PRIMARY KEY (upn, role_name)
);

-- The tenant keys this tenant has used (their private halves live in a keystore or an HSM, never here),
-- so a service started with another keystore than the tenant's notices instead of signing with a stranger.
CREATE TABLE IF NOT EXISTS tenant_key (
    kid        VARCHAR(64)   NOT NULL PRIMARY KEY,
    public_jwk VARCHAR(2000) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
