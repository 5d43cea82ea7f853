create table orders (
    id            bigserial primary key,
    item          text   not null,
    amount_cents  bigint not null,
    status        text   not null,
    created_at_ms bigint not null,
    payment_id    bigint,
    paid_at_ms    bigint
);

-- OrderPlaced messages written in the order's own transaction; OutboxRelay publishes them.
create table outbox (
    id            bigserial primary key,
    order_id      bigint not null,
    topic         text   not null,
    payload       text   not null,
    created_at_ms bigint not null,
    sent_at_ms    bigint
);
create index outbox_unsent on outbox (id) where sent_at_ms is null;
