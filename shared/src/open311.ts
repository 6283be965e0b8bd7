/**
 * Wire types of Open311 GeoReport v2 at /api/open311/v2 (http://wiki.open311.org/GeoReport_v2),
 * the JSON form (the XML form carries the same fields). Field names are the specification's.
 */

export interface Open311ServiceDto {
  service_code: string;
  service_name: string;
  description: string | null;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string | null;
  group: string | null;
}

export type Open311Datatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface Open311AttributeDto {
  variable: boolean;
  code: string;
  datatype: Open311Datatype;
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
}

export interface Open311ServiceDefinitionDto {
  service_code: string;
  attributes: Open311AttributeDto[];
}

export interface Open311RequestDto {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** The answer to POST requests: the new request's id and what happens next. */
export interface Open311RequestCreatedDto {
  service_request_id: string;
  service_notice: string;
}

export interface Open311DiscoveryDto {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: { specification: string; url: string; changeset: string; type: 'production' | 'test'; formats: string[] }[];
  extensions: { name: string; description: string }[];
}

/** An Open311 error: the specification's form, a list of {code, description}. */
export interface Open311ErrorDto {
  code: number;
  description: string;
}

export type Open311ServiceList = Open311ServiceDto[];
export type Open311RequestList = Open311RequestDto[];
export type Open311RequestCreatedList = Open311RequestCreatedDto[];
export type Open311ErrorList = Open311ErrorDto[];
