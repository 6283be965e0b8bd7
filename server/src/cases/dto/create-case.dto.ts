import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { THEMES, type Theme } from '@xc/shared';
import { Nested } from '../../common/validation.js';
import type { CreateCaseBody, DuplicatesQuery } from '@xc/shared';

export class LocationDto {
  @ApiProperty({ example: 34.0235 })
  @IsNumber({}, { message: '纬度必须是数字' })
  @Min(-90, { message: '纬度超出范围' })
  @Max(90, { message: '纬度超出范围' })
  lat: number;
  @ApiProperty({ example: 113.823 })
  @IsNumber({}, { message: '经度必须是数字' })
  @Min(-180, { message: '经度超出范围' })
  @Max(180, { message: '经度超出范围' })
  lng: number;
  @ApiPropertyOptional({ enum: ['wgs84', 'gcj02'] })
  @IsOptional()
  @IsIn(['wgs84', 'gcj02'], { message: 'coord 只能是 wgs84 或 gcj02' })
  coord?: 'wgs84' | 'gcj02';
}

export class CreateCaseDto implements CreateCaseBody {
  @ApiPropertyOptional({ example: '200102', description: 'CJ/T 214 小类编码；不填时须选主题' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '类别编码必须是 6 位数字' })
  categoryCode?: string;

  @ApiPropertyOptional({ enum: THEMES }) @IsOptional() @IsIn(THEMES, { message: '主题不正确' }) theme?: Theme;

  @ApiProperty({ example: '路边有一堆垃圾无人清理' })
  @IsString({ message: '请填写问题描述' })
  @Length(2, 500, { message: '问题描述应为 2–500 字' })
  description: string;

  @ApiProperty({ type: LocationDto })
  @IsDefined({ message: '请选择问题位置' })
  @Nested(() => LocationDto, '位置须为 {lat, lng} 对象')
  location: LocationDto;

  @ApiPropertyOptional({ example: '魏都区南关街道七一路' })
  @IsOptional()
  @IsString()
  @MaxLength(200, { message: '地址不超过 200 字' })
  address?: string;

  @ApiProperty({ type: [String], description: '1–9 张照片（POST /api/v1/media 返回的 id）' })
  @IsArray({ message: '请上传照片' })
  @ArrayMinSize(1, { message: '请至少上传 1 张照片' })
  @ArrayMaxSize(9, { message: '最多 9 张照片' })
  @IsString({ each: true })
  mediaIds: string[];

  @ApiPropertyOptional({ description: '网格员自处理：上报即结案，须附处置后照片' })
  @IsOptional()
  @IsBoolean({ message: 'selfHandled 必须是布尔值' })
  selfHandled?: boolean;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(9, { message: '最多 9 张照片' })
  @IsString({ each: true })
  afterMediaIds?: string[];
}

export class DuplicatesQueryDto implements DuplicatesQuery {
  @ApiPropertyOptional({ example: '200102', description: '问题类别；不知道类别时改传 theme' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: '类别编码必须是 6 位数字' })
  categoryCode?: string;
  @ApiPropertyOptional({ enum: THEMES, description: '主题：只选了主题的上报按主题查找' })
  @IsOptional()
  @IsIn(THEMES, { message: '主题不正确' })
  theme?: Theme;
  @ApiProperty() @Type(() => Number) @IsNumber({}, { message: 'lat 必须是数字' }) @Min(-90) @Max(90) lat: number;
  @ApiProperty() @Type(() => Number) @IsNumber({}, { message: 'lng 必须是数字' }) @Min(-180) @Max(180) lng: number;
  @ApiPropertyOptional({ enum: ['wgs84', 'gcj02'] })
  @IsOptional()
  @IsIn(['wgs84', 'gcj02'], { message: 'coord 只能是 wgs84 或 gcj02' })
  coord?: 'wgs84' | 'gcj02';
}
