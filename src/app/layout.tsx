import { useQuery } from '@tanstack/react-query';
import { Suspense, useEffect } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useNavigation } from 'react-router';
import { ListSkeleton } from '../components/skeleton.tsx';
import { getSiteQueryOptions } from '../data/get-site.ts';
import { categoriesRoute, categoryRoute } from '../feed/paths.ts';
import type { Site } from '../feed/schema.ts';

/** The biggest sources (from site.json), one tap away from every page. */
function TopSources({ top }: { top: Site['top_sources'] }) {
  return (
    <ul className="top-sources">
      {top.map((c) => (
        <li key={c.slug}>
          <NavLink to={categoryRoute(c.slug)} className="chip">
            {c.name}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

export function Layout() {
  const { data: site } = useQuery(getSiteQueryOptions());
  const navigation = useNavigation();
  useEffect(() => {
    // The prerendered first paint has been replaced: links now navigate inside the app.
    document.documentElement.dataset.app = 'ready';
  }, []);
  return (
    <div className="app">
      <a href="#main" className="skip-link">
        跳到正文
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="site-title">
            {site?.title ?? '金融消息'}
          </Link>
          <nav aria-label="主导航" className="main-nav">
            <NavLink to="/" end className="main-nav__link">
              首页
            </NavLink>
            <NavLink to={categoriesRoute} className="main-nav__link">
              全部来源
            </NavLink>
          </nav>
        </div>
        <nav aria-label="常看来源" className="site-header__sources">
          <TopSources top={site?.top_sources ?? []} />
        </nav>
        <div className={`progress${navigation.state === 'loading' ? ' progress--active' : ''}`} aria-hidden="true" />
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Suspense fallback={<ListSkeleton />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>
          {site?.title ?? '金融消息'} · 新闻版权归原作者所有 · <Link to={categoriesRoute}>全部来源</Link>
        </p>
      </footer>
      <ScrollRestoration />
    </div>
  );
}
