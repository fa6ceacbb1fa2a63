'use client';
import { Line, LineChart, ResponsiveContainer, YAxis } from 'recharts';

/** A small trend line for cards; its numbers are in the card's text. */
export function Sparkline({
  values,
  color = 'var(--chart-1)',
  label,
}: {
  values: readonly (number | null)[];
  color?: string;
  label: string;
}) {
  const data = values.map((v, i) => ({ i, v }));
  return (
    <div
      className="h-10 w-full"
      role="img"
      aria-label={label}
      data-points={values.filter((v) => v !== null && v > 0).length}
    >
      <ResponsiveContainer>
        <LineChart data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
          <YAxis hide domain={[0, 'auto']} />
          <Line
            type="monotone"
            dataKey="v"
            stroke={color}
            dot={false}
            strokeWidth={1.5}
            isAnimationActive={false}
            connectNulls={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
