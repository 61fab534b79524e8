-- imagepic's own state (imagepic.state.backend=postgres), io.imagepic.state.postgres.
-- Records are kept as the JSON of their Java record (doc) plus the columns that rules, uniqueness and look-ups need.
-- Versions for compare-and-set come from one sequence, so a number is never handed out twice, not even after a
-- row was deleted and written again.

create sequence state_versions;

create table accounts (
    id                 text primary key,
    phone              text not null unique,
    credential_version bigint not null,
    admin              boolean not null default false,
    disabled           boolean not null default false,
    doc                jsonb not null,
    version            bigint not null default nextval('state_versions')
);
create index accounts_rights on accounts (id) where admin or disabled;

create table invites (
    id         text primary key,
    expires_at timestamptz not null,
    doc        jsonb not null
);

create table service_tokens (
    id        text primary key,
    owner_id  text,
    last_used timestamptz,
    doc       jsonb not null
);
create index service_tokens_owner on service_tokens (owner_id);

create table bucket_members (
    bucket  text not null,
    user_id text not null,
    doc     jsonb not null,
    primary key (bucket, user_id)
);
create index bucket_members_user on bucket_members (user_id);

create table bucket_policies (
    bucket text primary key,
    policy text not null
);

create table webhook_targets (
    id        text primary key,
    created   timestamptz not null,
    doc       jsonb not null,
    -- deliveries queued now, and the counters; changed in the transaction that queues or finishes a delivery
    pending   integer not null default 0,
    delivered bigint not null default 0,
    failed    bigint not null default 0,
    dropped   bigint not null default 0
);

-- One row per delivery owed. A target's head (lowest id) goes out first; a claim is a lease on the database's clock
-- (lease_until), held by lease_owner with claim_token, which fences completion, retry, renewal and release.
create table webhook_deliveries (
    id           bigserial primary key,
    target_id    text not null references webhook_targets (id) on delete cascade,
    event_id     text not null,
    event_type   text not null,
    body         text not null,
    attempts     integer not null default 0,
    created      timestamptz not null,
    next_attempt timestamptz not null,
    lease_owner  text,
    lease_until  timestamptz,
    claim_token  bigint
);
create index webhook_deliveries_head on webhook_deliveries (target_id, id);
create sequence claim_tokens;

create table limits (
    key       text primary key,
    forget_at timestamptz not null,
    doc       jsonb not null,
    version   bigint not null default nextval('state_versions')
);
create index limits_forget_at on limits (forget_at);

create table signing_keys (
    name     text primary key,
    material bytea not null,
    created  timestamptz not null default now()
);
