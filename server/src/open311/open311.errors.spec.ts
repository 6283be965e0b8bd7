import { describe, expect, it } from '@jest/globals';
import { isOpen311Path, open311Errors } from './open311.errors.js';

describe('Open311 errors', () => {
  it('lists one error per bad field, with the HTTP status as code', () => {
    const out = open311Errors('/api/open311/v2/requests.json', 400, {
      code: 'VALIDATION_FAILED',
      message: 'x',
      details: { fields: { lat: '须为纬度', service_code: '请填写' } },
    });
    expect(JSON.parse(out.body)).toEqual([
      { code: 400, description: 'lat：须为纬度' },
      { code: 400, description: 'service_code：请填写' },
    ]);
  });

  it('answers in XML when the path asks for XML, with the message when no field is named', () => {
    const out = open311Errors('/api/open311/v2/requests/XC1.xml', 404, { code: 'NOT_FOUND', message: '没有这个服务请求' });
    expect(out.contentType).toBe('text/xml; charset=utf-8');
    expect(out.body).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>404</code><description>没有这个服务请求</description></error></errors>',
    );
  });

  it('applies under /api/open311/v2/ only', () => {
    expect(isOpen311Path('/api/open311/v2/services.json')).toBe(true);
    expect(isOpen311Path('/api/v1/cases')).toBe(false);
    expect(isOpen311Path(undefined)).toBe(false);
  });
});
