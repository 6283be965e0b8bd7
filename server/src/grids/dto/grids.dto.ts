import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Nested } from '../../common/validation.js';
import { ArrayMinSize, IsArray, IsDefined, IsIn, IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { CreateGridBody, GeoJsonPolygonBody, LocateQuery, UpdateGridBody } from '@xc/shared';

export class LocateQueryDto implements LocateQuery {
  @ApiProperty({ example: 34.0235 })
  @Type(() => Number)
  @IsNumber({}, { message: 'lat 必须是数字' })
  @Min(-90, { message: 'lat 超出范围' })
  @Max(90, { message: 'lat 超出范围' })
  lat: number;

  @ApiProperty({ example: 113.823 })
  @Type(() => Number)
  @IsNumber({}, { message: 'lng 必须是数字' })
  @Min(-180, { message: 'lng 超出范围' })
  @Max(180, { message: 'lng 超出范围' })
  lng: number;

  @ApiPropertyOptional({ enum: ['wgs84', 'gcj02'], default: 'wgs84' })
  @IsOptional()
  @IsIn(['wgs84', 'gcj02'], { message: 'coord 只能是 wgs84 或 gcj02' })
  coord?: 'wgs84' | 'gcj02';
}

export class GeoJsonPolygonDto implements GeoJsonPolygonBody {
  @ApiProperty({ enum: ['Polygon'] }) @IsIn(['Polygon'], { message: 'polygon.type 必须是 Polygon' }) type: 'Polygon';
  @ApiProperty({ description: '[[[lng, lat], ...]]，首尾相同，WGS84' })
  @IsArray({ message: 'polygon.coordinates 必须是数组' })
  @ArrayMinSize(1, { message: 'polygon.coordinates 不能为空' })
  coordinates: [number, number][][];
}

export class CreateGridDto implements CreateGridBody {
  @ApiProperty({ example: '411002001001009', description: 'CJ/T 213 15 位网格编码' })
  @Matches(/^\d{15}$/, { message: '网格编码必须是 15 位数字' })
  code: string;
  @ApiProperty() @IsString() @Length(1, 64, { message: '网格名称长度应为 1–64' }) name: string;
  @ApiProperty({ example: '411002001001' }) @Matches(/^\d{12}$/, { message: '社区编码必须是 12 位数字' }) communityCode: string;
  @ApiProperty({ type: GeoJsonPolygonDto })
  @IsDefined({ message: 'polygon 必填' })
  @Nested(() => GeoJsonPolygonDto, 'polygon 须为 GeoJSON Polygon 对象')
  polygon: GeoJsonPolygonDto;
}

export class UpdateGridDto implements UpdateGridBody {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64, { message: '网格名称长度应为 1–64' }) name?: string;
  @ApiPropertyOptional({ type: GeoJsonPolygonDto })
  @IsOptional()
  @Nested(() => GeoJsonPolygonDto, 'polygon 须为 GeoJSON Polygon 对象')
  polygon?: GeoJsonPolygonDto;
}
