create table payments (
    id               bigserial primary key,
    order_id         bigint not null,
    amount_cents     bigint not null,
    node             text   not null,
    generation       int    not null,
    source_partition int    not null,
    source_offset    bigint not null,
    paid_at_ms       bigint not null
);
