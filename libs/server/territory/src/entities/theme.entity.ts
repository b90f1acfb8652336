import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('theme')
export class ThemeEntity {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'int' })
  position!: number;
}
