/**
 * Venues grow into registered places with a venue code: a human venue number (region code +
 * sequence), coordinates and geofence, opening hours (free text), default stay, check-in and code
 * modes, an approval status, the venue token's rotation counter, and the staff bound to each
 * venue (its administrators and guards). Venues that already exist (demo seeding) become
 * approved venues with numbers and the default stay of their kind. Frozen: never edit after
 * release, add a new migration.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table venues
      add column number text,
      add column latitude double precision check (latitude between -90 and 90),
      add column longitude double precision check (longitude between -180 and 180),
      add column geofence_radius_m integer check (geofence_radius_m between 50 and 5000),
      add column opening_hours text check (char_length(opening_hours) <= 200),
      add column default_stay_minutes integer check (default_stay_minutes between 5 and 1440),
      add column checkin_mode text not null default 'confirm' check (checkin_mode in ('confirm', 'auto')),
      add column code_mode text not null default 'static' check (code_mode in ('static', 'daily')),
      add column status text not null default 'approved' check (status in ('pending', 'approved', 'rejected', 'suspended')),
      add column reject_reason text,
      add column token_version integer not null default 1 check (token_version between 1 and 65535),
      add column registered_by_account_id uuid references accounts(id),
      add column decided_by_account_id uuid references accounts(id),
      add column decided_at timestamptz,
      add column updated_at timestamptz not null default now(),
      add constraint venues_coordinates_pair check ((latitude is null) = (longitude is null)),
      add constraint venues_geofence_needs_coordinates check (geofence_radius_m is null or latitude is not null),
      add constraint venues_reject_reason check ((status = 'rejected') = (reject_reason is not null));

    -- Next number per region, and a trigger that numbers every new venue (registrations, imports,
    -- seeding, a plain insert alike): region code + sequence, 330106004-0042. The counter row lock
    -- serialises numbering within one region only. A missing default stay takes the kind's.
    create table venue_number_counters (
      region_code text primary key references regions(code),
      last_sequence integer not null check (last_sequence >= 0)
    );
    create function venue_number(region_code text, seq bigint) returns text language sql immutable as $$
      select region_code || '-' || case when seq < 10000 then lpad(seq::text, 4, '0') else seq::text end
    $$;
    create function venue_default_stay(kind text) returns integer language sql immutable as $$
      select case kind
        when 'residential' then 720 when 'shop' then 30 when 'restaurant' then 90 when 'office' then 540
        when 'factory' then 540 when 'school' then 480 when 'hospital' then 120 else 60 end
    $$;
    create function venues_fill_in() returns trigger language plpgsql as $$
    declare
      seq integer;
    begin
      if new.number is null then
        insert into venue_number_counters as c (region_code, last_sequence) values (new.region_code, 1)
          on conflict (region_code) do update set last_sequence = c.last_sequence + 1
          returning last_sequence into seq;
        new.number := venue_number(new.region_code, seq);
      end if;
      if new.default_stay_minutes is null then
        new.default_stay_minutes := venue_default_stay(new.kind);
      end if;
      return new;
    end $$;

    with numbered as (
      select id, region_code, row_number() over (partition by region_code order by created_at, id) as seq from venues
    )
    update venues v set number = venue_number(n.region_code, n.seq), default_stay_minutes = venue_default_stay(v.kind)
      from numbered n where v.id = n.id;
    insert into venue_number_counters (region_code, last_sequence)
      select region_code, count(*) from venues group by region_code;
    create trigger venues_fill_in before insert on venues for each row execute function venues_fill_in();

    -- Rows inserted without a status come from trusted code (seeding, tests): approved, as before.
    alter table venues
      alter column number set not null,
      alter column default_stay_minutes set not null,
      add constraint venues_number_key unique (number);
    create index venues_status_region_idx on venues (status, region_code, id);

    create table venue_staff (
      venue_id uuid not null references venues(id),
      account_id uuid not null references accounts(id),
      role text not null check (role in ('admin', 'guard')),
      added_at timestamptz not null default now(),
      added_by_account_id uuid references accounts(id),
      primary key (venue_id, account_id)
    );
    create index venue_staff_account_idx on venue_staff (account_id, venue_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table venue_staff, venue_number_counters;
    drop trigger venues_fill_in on venues;
    drop function venues_fill_in(), venue_number(text, bigint), venue_default_stay(text);
    drop index venues_status_region_idx;
    alter table venues
      drop constraint venues_number_key,
      drop constraint venues_coordinates_pair,
      drop constraint venues_geofence_needs_coordinates,
      drop constraint venues_reject_reason,
      drop column number, drop column latitude, drop column longitude, drop column geofence_radius_m,
      drop column opening_hours, drop column default_stay_minutes, drop column checkin_mode, drop column code_mode,
      drop column status, drop column reject_reason, drop column token_version, drop column registered_by_account_id,
      drop column decided_by_account_id, drop column decided_at, drop column updated_at;
  `.execute(db);
}
