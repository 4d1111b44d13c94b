/**
 * The app frame: header, left navigation, connection banner and the current page.
 */
import { useState } from 'react';
import { AppHeader } from './components/AppHeader';
import { ConnectionBanner } from './components/ConnectionBanner';
import { NavBar } from './components/NavBar';
import { PhonePage } from './pages/PhonePage';
import { PhonesPage } from './pages/PhonesPage';
import { EnrollPage } from './pages/enroll/EnrollPage';
import { FirmwarePage } from './pages/firmware/FirmwarePage';
import { LostPasswordPage } from './pages/lost-password/LostPasswordPage';
import { PlannedPage } from './pages/PlannedPage';
import { DhcpPage } from './pages/dhcp/DhcpPage';
import { LogPage } from './pages/log/LogPage';
import { ServersPage } from './pages/ServersPage';
import { useRoute, type Route } from './routing';

function Page({ route, scroller }: { route: Route; scroller: HTMLElement | null }) {
  if (route.area === 'phones') return route.mac ? <PhonePage mac={route.mac} scroller={scroller} /> : <PhonesPage />;
  if (route.area === 'servers') return <ServersPage />;
  if (route.area === 'lost-password') return <LostPasswordPage />;
  if (route.area === 'enroll') return <EnrollPage />;
  if (route.area === 'firmware') return <FirmwarePage />;
  if (route.area === 'dhcp') return <DhcpPage />;
  if (route.area === 'log') return <LogPage />;
  return <PlannedPage area={route.area} />;
}

/** The whole UI; expects a `StoresProvider` above it. */
export function App() {
  const route = useRoute();
  const [main, setMain] = useState<HTMLElement | null>(null);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader />
      <ConnectionBanner />
      <div className="app-body">
        <NavBar current={route.area} />
        <main id="main" ref={setMain} tabIndex={-1}>
          <Page route={route} scroller={main} />
        </main>
      </div>
    </div>
  );
}
