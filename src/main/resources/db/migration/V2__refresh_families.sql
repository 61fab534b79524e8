-- Kept browser sessions ("keep me signed in"): one family of refresh tokens per device (io.imagepic.state.RefreshTokenStore).
create table refresh_families (
    id         text primary key,
    user_id    text not null,
    expires_at timestamptz not null,
    doc        jsonb not null,
    version    bigint not null default nextval('state_versions')
);
create index refresh_families_user on refresh_families (user_id);
create index refresh_families_expiry on refresh_families (expires_at);
