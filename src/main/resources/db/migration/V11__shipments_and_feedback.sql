-- Work in the plan's units. A shipment is the cards (or sign-off sheets) that travel together from one place
-- to their destinations, leg by leg, one box (handover) per next unit: the cards a town submission or a batch
-- made (down to the issuing units), the overdue and wrong cards of one village or institution of one day (up
-- to the City Centre), the sign-off sheets an institution stamped (up). One card-shipment instance each.
create sequence shipment_seq start with 1;

create table shipment (
  shipment_id         varchar(24)  primary key,           -- SH-000123
  purpose             varchar(16)  not null,              -- DELIVERY | RECOVERY | SIGN_OFF_SHEETS
  business_key        varchar(40)  not null,              -- submission, batch or application number; box id for recovery boxes
  origin              varchar(48)  not null,              -- where its items start (a location)
  unit_code           varchar(32),                        -- a recovery box: the village or institution it collects for
  status              varchar(16)  not null,              -- OPEN (a recovery box still taking cards), MOVING, ARRIVED
  seal_at             timestamp,                          -- a recovery box: when it closes and leaves
  process_instance_id varchar(64),
  created_at          timestamp    not null,
  arrived_at          timestamp
);
create index shipment_open_box on shipment (unit_code, purpose, status);
create index shipment_business_key on shipment (business_key);

create table shipment_item (
  shipment_id        varchar(24) not null references shipment (shipment_id),
  card_number        varchar(32) not null,
  application_number varchar(40),
  primary key (shipment_id, card_number)
);
create index shipment_item_application on shipment_item (application_number);

-- the box of a leg belongs to its shipment; each item is marked received (true) or missing (false) when the
-- box is completed, so that where an item of a shipment is follows from its boxes (sheets have no ledger)
alter table handover add column shipment_id varchar(24) references shipment (shipment_id);
create index handover_shipment on handover (shipment_id);
alter table handover_item add column received boolean;

-- the stamped sign-off sheets' scan that a shipment of sheets carries
alter table shipment add column document_id bigint references document (id);

-- The City Card Centre's ineligible records of one submission, fed back as one list through the card office and
-- the relaying unit (town or department) to the units that decide per person (village, institution).
create sequence feedback_seq start with 1;

create table ineligible_feedback (
  feedback_id         varchar(24)  primary key,           -- FB-000123
  mode                varchar(16)  not null,              -- INDIVIDUAL | COLLECTIVE
  business_key        varchar(40)  not null,              -- the submission or batch it came from
  relay_unit_code     varchar(32)  not null references org_unit (code),
  status              varchar(16)  not null,              -- OPEN, DELIVERED
  created_at          timestamp    not null,
  delivered_at        timestamp
);

create table ineligible_feedback_item (
  feedback_id        varchar(24) not null references ineligible_feedback (feedback_id),
  application_number varchar(40) not null,
  reason             varchar(32) not null,
  primary key (feedback_id, application_number)
);
create index ineligible_feedback_item_app on ineligible_feedback_item (application_number);
